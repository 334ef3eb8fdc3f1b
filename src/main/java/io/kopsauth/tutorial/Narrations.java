package io.kopsauth.tutorial;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import io.kopsauth.cli.CliException;
import io.kopsauth.setup.AddKubeconfigUserStep;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.Values;
import io.kopsauth.workflow.RunState;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tutorial's words: {@code templates/tutorial/<step-id>.md} (from the jar, or from {@code --templates DIR}
 * where present there), rendered strictly with FreeMarker using this run's values, so writers can improve the text
 * without touching Java.
 */
public final class Narrations {
    /** The file of the closing clean-up narration. */
    public static final String CLEAN_UP = "clean-up";
    private final Configuration cfg;

    /** Narrations from the jar, overridden by {@code dir/tutorial/*.md} when {@code dir} is not null. */
    public Narrations(Path dir) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        cfg.setRecognizeStandardFileExtensions(false);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setAttemptExceptionReporter((e, env) -> { });
        cfg.setLogTemplateExceptions(false);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setLocalizedLookup(false);
        TemplateLoader jar = new ClassTemplateLoader(Narrations.class.getClassLoader(), "templates");
        if (dir == null) {
            cfg.setTemplateLoader(jar);
        } else {
            if (!Files.isDirectory(dir)) throw CliException.usage("--templates " + dir + ": not a directory");
            try {
                cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(dir.toFile()), jar}));
            } catch (IOException e) {
                throw CliException.usage("--templates " + dir + ": " + e.getMessage());
            }
        }
    }

    /** The narration of {@code id} rendered with {@code values}, or empty if there is no file for it. */
    public Optional<Narration> of(String id, Map<String, String> values) {
        Template t;
        try {
            t = cfg.getTemplate("tutorial/" + id + ".md");
        } catch (TemplateNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("tutorial narration " + id + ".md cannot be read: " + e.getMessage(), e);
        }
        StringWriter out = new StringWriter();
        try {
            t.process(new LinkedHashMap<String, Object>(values), out);
        } catch (TemplateException | IOException e) {
            throw new IllegalStateException("tutorial narration " + id + ".md: " + e.getMessage(), e);
        }
        return Optional.of(Narration.parse(out.toString()));
    }

    /**
     * The values a narration may use, from the run's inputs and what earlier steps decided; a value not decided yet
     * reads as a placeholder ({@code <your account>}).
     */
    public static Map<String, String> values(SetupInputs in, RunState s, Function<String, Path> adminKubeconfig,
                                             Function<String, Path> journal) {
        Map<String, String> v = new LinkedHashMap<>();
        String name = s.cluster().orElse(in.name() != null ? in.name() : "authenticator.<random>.k8s.local");
        String account = s.value(Values.ACCOUNT).orElse("<your account>");
        String store = s.value(Values.STATE_STORE).orElse(in.stateStore() != null ? in.stateStore() : "s3://" + name);
        v.put("name", name);
        v.put("region", in.region());
        v.put("zones", String.join(", ", in.zones()));
        v.put("stateStore", store);
        v.put("bucket", s.value(Values.STATE_BUCKET).orElse(store.replaceFirst("^s3://", "").replaceFirst("/.*$", "")));
        v.put("account", account);
        v.put("roleName", in.auth().adminRoleName());
        v.put("roleArn", s.value(Values.ADMIN_ROLE_ARN).orElse("arn:aws:iam::" + account + ":role/" + in.auth().adminRoleName()));
        v.put("adminUsername", in.auth().adminUsername());
        v.put("mappingMode", s.value(Values.MAPPING_MODE).orElse(in.auth().mapping().flag()));
        v.put("execCommand", s.value(Values.EXEC_COMMAND).map(c -> Path.of(c).getFileName().toString())
                .orElse(in.execCommandGiven() ? in.auth().execCommand() : "aws-iam-authenticator or aws"));
        v.put("kubeconfig", s.value(Values.KUBECONFIG).orElse(in.kubeconfig().toString()));
        v.put("context", AddKubeconfigUserStep.entryName(name));
        v.put("adminKubeconfig", adminKubeconfig.apply(name).toString());
        v.put("journal", journal.apply(name).toString());
        v.put("kopsWanted", "1.36.1");
        return v;
    }
}
