package io.kopsauth.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.SimpleScalar;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import io.kopsauth.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@link Artifacts} on FreeMarker templates from the jar's {@code templates/} (or a directory that overrides some
 * of them). Injection-proof by construction: every user value reaches a template as an opaque model that cannot be
 * interpolated directly; the only way out is {@code q(v)}, which writes a JSON string literal (also a valid YAML
 * double-quoted scalar). Values are validated first ({@link Inputs}); each rendered document is parsed back and
 * must contain exactly the intended structure, else {@link TemplateFailedException}.
 */
public final class FreemarkerArtifacts implements Artifacts {
    public static final String CONFIGMAP = "configmap.yaml.ftl";
    public static final String KUBECONFIG_USER = "kubeconfig-user.yaml.ftl";
    public static final String TRUST_POLICY = "trust-policy.json.ftl";
    public static final String CLUSTER_SPEC = "cluster-spec.yaml.ftl";

    private final Configuration cfg;

    /** Templates from the classpath only. */
    public FreemarkerArtifacts() {
        this(null);
    }

    /**
     * Templates from {@code dir} where present there, else from the classpath; {@code dir} may be null.
     * Throws {@link TemplateFailedException} if {@code dir} is not a readable directory.
     */
    public FreemarkerArtifacts(Path dir) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        cfg.setRecognizeStandardFileExtensions(false);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setAttemptExceptionReporter((e, env) -> { });
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setClassicCompatible(false);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAutoIncludes(List.of());
        cfg.setAutoImports(Map.of());
        cfg.setLocalizedLookup(false);
        cfg.setNumberFormat("c");
        cfg.setBooleanFormat("c");
        cfg.setWhitespaceStripping(true);
        var wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
        wrapper.setUseAdaptersForContainers(true);
        wrapper.setExposeFields(false);
        cfg.setObjectWrapper(wrapper.build());
        cfg.setSharedVariable("q", new Quote());
        cfg.setSharedVariable("indent", new Indent());
        TemplateLoader jar = new ClassTemplateLoader(FreemarkerArtifacts.class.getClassLoader(), "templates");
        if (dir == null) {
            cfg.setTemplateLoader(jar);
        } else {
            if (!Files.isDirectory(dir)) throw new TemplateFailedException("--templates " + dir + ": not a directory");
            try {
                cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(dir.toFile()), jar}));
            } catch (IOException e) {
                throw new TemplateFailedException("--templates " + dir + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String configMap(AuthenticatorConfig config) {
        String clusterId = Inputs.text("clusterID", config.clusterId());
        List<IdentityMapping> roles = new ArrayList<>();
        for (IdentityMapping m : config.mapRoles()) {
            roles.add(Inputs.withoutRolePath(Inputs.mapping("mapRoles", m, true), new ArrayList<>()));
        }
        for (IdentityMapping m : config.mapUsers()) Inputs.mapping("mapUsers", m, false);
        for (String a : config.mapAccounts()) Inputs.accountId("mapAccounts", a);

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("clusterId", v(clusterId));
        model.put("mapRoles", mappings(roles));
        model.put("mapUsers", mappings(config.mapUsers()));
        model.put("mapAccounts", values(config.mapAccounts()));
        String text = render(CONFIGMAP, model);

        Map<String, Object> server = new LinkedHashMap<>();
        if (!roles.isEmpty()) server.put("mapRoles", expectedMappings(roles, "roleARN"));
        if (!config.mapUsers().isEmpty()) server.put("mapUsers", expectedMappings(config.mapUsers(), "userARN"));
        if (!config.mapAccounts().isEmpty()) server.put("mapAccounts", config.mapAccounts());
        Map<String, Object> inner = Json.obj("clusterID", clusterId, "server", server);
        Object doc = parseYaml(CONFIGMAP, text);
        requireContains(CONFIGMAP, Json.obj("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Json.obj("namespace", "kube-system", "name", "aws-iam-authenticator",
                        "labels", Json.obj("k8s-app", "aws-iam-authenticator"))), doc);
        Object configYaml = doc instanceof Map<?, ?> m && m.get("data") instanceof Map<?, ?> d ? d.get("config.yaml") : null;
        if (!(configYaml instanceof String s)) throw new TemplateFailedException(CONFIGMAP + ": data.config.yaml is not a string");
        requireContains(CONFIGMAP + " (config.yaml)", inner, parseYaml(CONFIGMAP + " (config.yaml)", s));
        return text;
    }

    @Override
    public String trustPolicy(TrustPolicy policy) {
        List<String> principals = new ArrayList<>();
        if (policy.principalArns().isEmpty()) {
            Inputs.accountId("accountId", policy.accountId());
            principals.add("arn:aws:iam::" + policy.accountId() + ":root");
        } else {
            for (String p : policy.principalArns()) principals.add(Inputs.principalArn("principal", p));
        }
        if (policy.mfaMaxAgeSeconds() != null) {
            Inputs.mfaMaxAge(policy.mfaMaxAgeSeconds());
            if (!policy.requireMfa()) throw new InvalidInputException("mfaMaxAge: needs requireMfa");
        }
        if (policy.externalId() != null) Inputs.externalId(policy.externalId());

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("principals", values(principals));
        model.put("requireMfa", policy.requireMfa());
        if (policy.mfaMaxAgeSeconds() != null) model.put("mfaMaxAge", v(Long.toString(policy.mfaMaxAgeSeconds())));
        if (policy.externalId() != null) model.put("externalId", v(policy.externalId()));
        String text = render(TRUST_POLICY, model);

        Map<String, Object> condition = new LinkedHashMap<>();
        if (policy.requireMfa()) condition.put("Bool", Json.obj("aws:MultiFactorAuthPresent", "true"));
        if (policy.mfaMaxAgeSeconds() != null) {
            condition.put("NumericLessThan", Json.obj("aws:MultiFactorAuthAge", Long.toString(policy.mfaMaxAgeSeconds())));
        }
        if (policy.externalId() != null) condition.put("StringEquals", Json.obj("sts:ExternalId", policy.externalId()));
        Map<String, Object> statement = Json.obj("Effect", "Allow",
                "Principal", Json.obj("AWS", principals.size() == 1 ? principals.get(0) : principals),
                "Action", "sts:AssumeRole", "Condition", condition.isEmpty() ? null : condition);
        Object doc;
        try {
            doc = Json.parse(text);
        } catch (Json.JsonException e) {
            throw new TemplateFailedException(TRUST_POLICY + " produced invalid JSON: " + e.getMessage());
        }
        requireContains(TRUST_POLICY, Json.obj("Version", "2012-10-17", "Statement", List.of(statement)), doc);
        if (condition.isEmpty() && doc instanceof Map<?, ?> m && m.get("Statement") instanceof List<?> l
                && l.get(0) instanceof Map<?, ?> st && st.containsKey("Condition")) {
            throw new TemplateFailedException(TRUST_POLICY + " has a Condition although no condition was asked for");
        }
        return text;
    }

    @Override
    public String execUser(ExecUser user) {
        Inputs.text("user name", user.userName());
        Inputs.text("context name", user.contextName());
        Inputs.text("cluster", user.kubeconfigCluster());
        Inputs.text("command", user.command());
        for (String a : user.args()) Inputs.text("argument", a);
        List<Map<String, Object>> env = new ArrayList<>();
        List<Object> expectedEnv = new ArrayList<>();
        for (Map.Entry<String, String> e : user.env().entrySet()) {
            env.add(Map.of("name", v(Inputs.text("env name", e.getKey())), "value", v(Inputs.text("env " + e.getKey(), e.getValue()))));
            expectedEnv.add(Json.obj("name", e.getKey(), "value", e.getValue()));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("userName", v(user.userName()));
        model.put("contextName", v(user.contextName()));
        model.put("cluster", v(user.kubeconfigCluster()));
        model.put("command", v(user.command()));
        model.put("args", values(user.args()));
        model.put("env", env);
        String text = render(KUBECONFIG_USER, model);

        Map<String, Object> exec = Json.obj("apiVersion", "client.authentication.k8s.io/v1beta1",
                "command", user.command(), "args", user.args(), "env", expectedEnv.isEmpty() ? null : expectedEnv,
                "interactiveMode", "IfAvailable", "provideClusterInfo", false);
        requireContains(KUBECONFIG_USER, Json.obj(
                "users", List.of(Json.obj("name", user.userName(), "user", Json.obj("exec", exec))),
                "contexts", List.of(Json.obj("name", user.contextName(),
                        "context", Json.obj("cluster", user.kubeconfigCluster(), "user", user.userName())))),
                parseYaml(KUBECONFIG_USER, text));
        return text;
    }

    @Override
    public String clusterSpecFragment(ClusterAuthSpec spec) {
        if (spec.backendMode() != null) Inputs.backendMode(spec.backendMode());
        if (spec.clusterId() != null) Inputs.text("clusterID", spec.clusterId());
        if (!spec.identityMappings().isEmpty() && (spec.backendMode() == null || !spec.backendMode().contains("CRD"))) {
            throw new InvalidInputException("identityMappings: need backendMode CRD (kops: backendMode must be CRD if identityMappings is set)");
        }
        List<IdentityMapping> mappings = new ArrayList<>();
        for (IdentityMapping m : spec.identityMappings()) {
            IdentityMapping checked = Inputs.mapping("identityMappings", m, m.isRole());
            mappings.add(Inputs.withoutRolePath(checked, new ArrayList<>()));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        if (spec.backendMode() != null) model.put("backendMode", v(spec.backendMode()));
        if (spec.clusterId() != null) model.put("clusterId", v(spec.clusterId()));
        model.put("identityMappings", mappings(mappings));
        String text = render(CLUSTER_SPEC, model);

        Map<String, Object> aws = Json.obj("backendMode", spec.backendMode(), "clusterID", spec.clusterId(),
                "identityMappings", mappings.isEmpty() ? null : expectedMappings(mappings, "arn"));
        requireContains(CLUSTER_SPEC, Json.obj("spec", Json.obj("authorization", Json.obj("rbac", Map.of()),
                "authentication", Json.obj("aws", aws))), parseYaml(CLUSTER_SPEC, text));
        return text;
    }

    private String render(String name, Map<String, Object> model) {
        try {
            Template t = cfg.getTemplate(name);
            StringWriter w = new StringWriter();
            t.process(model, w);
            return w.toString();
        } catch (IOException e) {
            throw new TemplateFailedException("template " + name + " could not be loaded: " + e.getMessage());
        } catch (TemplateException e) {
            throw new TemplateFailedException("template " + name + " failed: " + e.getMessageWithoutStackTop());
        }
    }

    private static Object parseYaml(String what, String text) {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setAllowRecursiveKeys(false);
        lo.setMaxAliasesForCollections(0);
        try {
            return new Yaml(new SafeConstructor(lo)).load(text);
        } catch (RuntimeException e) {
            throw new TemplateFailedException(what + " produced invalid YAML: " + e.getMessage());
        }
    }

    /**
     * Checks that {@code actual} has every key of {@code expected} with the same value (maps recursively; lists
     * element by element with equal sizes; scalars equal). Extra keys in maps (e.g. annotations from a custom
     * template) are allowed.
     */
    static void requireContains(String what, Object expected, Object actual) {
        String diff = difference("", expected, actual);
        if (diff != null) throw new TemplateFailedException(what + " does not render the intended structure: " + diff);
    }

    private static String difference(String path, Object expected, Object actual) {
        if (expected instanceof Map<?, ?> em) {
            if (!(actual instanceof Map<?, ?> am)) return path + " is not a mapping";
            for (Map.Entry<?, ?> e : em.entrySet()) {
                String p = path + "." + e.getKey();
                if (!am.containsKey(e.getKey())) return p + " is missing";
                String d = difference(p, e.getValue(), am.get(e.getKey()));
                if (d != null) return d;
            }
            return null;
        }
        if (expected instanceof List<?> el) {
            if (!(actual instanceof List<?> al)) return path + " is not a list";
            if (el.size() != al.size()) return path + " has " + al.size() + " entries, expected " + el.size();
            for (int i = 0; i < el.size(); i++) {
                String d = difference(path + "[" + i + "]", el.get(i), al.get(i));
                if (d != null) return d;
            }
            return null;
        }
        return expected.equals(actual) ? null : path + " differs";
    }

    private static List<Map<String, Object>> expectedMappings(List<IdentityMapping> ms, String arnKey) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IdentityMapping m : ms) out.add(Json.obj(arnKey, m.arn(), "username", m.username(), "groups", m.groups()));
        return out;
    }

    private static List<Map<String, Object>> mappings(List<IdentityMapping> ms) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IdentityMapping m : ms) {
            out.add(Map.of("arn", v(m.arn()), "username", v(m.username()), "groups", values(m.groups())));
        }
        return out;
    }

    private static List<Value> values(List<String> vs) {
        return vs.stream().map(Value::new).toList();
    }

    private static Value v(String s) {
        return new Value(s);
    }

    /** A user value inside a template: not a string to FreeMarker, so {@code ${v}} fails; only {@code q(v)} prints it. */
    record Value(String raw) implements TemplateModel {}

    /** {@code q(value)}: the value as a JSON string literal, which is also a YAML double-quoted scalar. */
    private static final class Quote implements TemplateMethodModelEx {
        @Override
        public Object exec(@SuppressWarnings("rawtypes") List args) throws TemplateModelException {
            if (args.size() != 1) throw new TemplateModelException("q(value) takes exactly one argument");
            Object a = args.get(0);
            String s;
            if (a instanceof Value v) s = v.raw();
            else if (a instanceof TemplateScalarModel sm) s = sm.getAsString();
            else if (a instanceof TemplateNumberModel nm) s = nm.getAsNumber().toString();
            else throw new TemplateModelException("q(value) needs a value or a string");
            return new SimpleScalar(Json.quote(s));
        }
    }

    /** {@code indent(text, n)}: every non-empty line of text prefixed with n spaces (for block scalars). */
    private static final class Indent implements TemplateMethodModelEx {
        @Override
        public Object exec(@SuppressWarnings("rawtypes") List args) throws TemplateModelException {
            if (args.size() != 2 || !(args.get(0) instanceof TemplateScalarModel text)
                    || !(args.get(1) instanceof TemplateNumberModel n)) {
                throw new TemplateModelException("indent(text, n) needs a string and a number");
            }
            String pad = " ".repeat(n.getAsNumber().intValue());
            StringBuilder sb = new StringBuilder();
            for (String line : text.getAsString().split("\n", -1)) {
                if (sb.length() > 0) sb.append('\n');
                if (!line.isEmpty()) sb.append(pad).append(line);
            }
            return new SimpleScalar(sb.toString());
        }
    }

    /** A template could not be loaded, failed, or rendered something other than the intended structure. */
    public static final class TemplateFailedException extends RuntimeException {
        public TemplateFailedException(String message) {
            super(message);
        }
    }
}
