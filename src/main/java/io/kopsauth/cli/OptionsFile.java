package io.kopsauth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * {@code -f FILE}: a command's options as a YAML mapping whose keys are the long option names without dashes
 * ({@code name: demo.k8s.local}, {@code zones: [eu-west-1a]}, {@code yes: true}). Options given on the command
 * line win over the file's.
 */
public final class OptionsFile {
    private OptionsFile() {}

    /**
     * The arguments to parse again: the file's options not given on the command line, then the command line's own
     * arguments (after the subcommand's name) without {@code -f/--file}.
     */
    public static List<String> merged(Path file, CommandLine.Model.CommandSpec spec) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>(fromFile(file, given));
        List<String> original = given.originalArgs();
        // originalArgs() is the whole command line; keep what follows the subcommand's name.
        for (int i = original.indexOf(spec.name()) + 1; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("-f") || a.equals("--file")) {
                i++;
            } else if (!a.startsWith("--file=")) {
                args.add(a);
            }
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    static List<String> fromFile(Path file, CommandLine.ParseResult given) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw CliException.usage("-f: cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw CliException.usage("-f: " + file + " is not valid YAML: " + e.getMessage());
        }
        if (doc == null) return List.of();
        if (!(doc instanceof Map)) throw CliException.usage("-f: " + file + " must be a YAML mapping of option names to values");
        List<String> out = new ArrayList<>();
        for (Map.Entry<Object, Object> e : ((Map<Object, Object>) doc).entrySet()) {
            String opt = "--" + e.getKey();
            if (opt.equals("--file")) throw CliException.usage("-f: a file cannot name another file");
            if (given.commandSpec().findOption(opt) == null) {
                throw CliException.usage("-f: " + file + ": unknown option '" + e.getKey() + "'",
                        "keys are the command's long option names without '--'");
            }
            if (given.hasMatchedOption(opt)) continue;
            Object v = e.getValue();
            if (v instanceof Boolean b) {
                if (b) out.add(opt);
            } else if (v instanceof List<?> l) {
                for (Object x : l) {
                    out.add(opt);
                    out.add(String.valueOf(x));
                }
            } else if (v != null) {
                out.add(opt);
                out.add(String.valueOf(v));
            }
        }
        return out;
    }
}
