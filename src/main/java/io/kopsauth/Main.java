package io.kopsauth;

import io.kopsauth.cli.CliException;
import io.kopsauth.cli.ExitCode;
import io.kopsauth.cli.KopsauthCommand;
import io.kopsauth.cli.Logged;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Composition root: the only System.exit, the only place the real adapters are chosen. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        boolean tty = System.console() != null;
        int code = run(args, System.getenv(), System.in, out, err, Clock.systemUTC(), tty);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. Tests call this with their own streams and environment. */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err,
                          Clock clock, boolean tty) {
        App app = new App(env, in, out, err, clock, tty);
        CommandLine cl = commandLine(app);
        return cl.execute(args);
    }

    /** The configured picocli tree; also used by parse-only tests and shell completion. */
    public static CommandLine commandLine(App app) {
        CommandLine cl = new CommandLine(new KopsauthCommand(app), new Factory(app));
        cl.setOut(app.out());
        cl.setErr(app.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(pr -> execute(app, pr));
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, pr) -> handle(app, ex));
        return cl;
    }

    private static int execute(App app, ParseResult pr) {
        List<CommandLine> chain = pr.asCommandLineList();
        Object leaf = chain.get(chain.size() - 1).getCommand();
        if (leaf instanceof Logged logged) {
            app.runLog(RunLog.toFile(app, logged.logName()));
        } else {
            RunLog.toStderr(app);
        }
        return new CommandLine.RunLast().execute(pr);
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("Error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("  → Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCode.USAGE;
    }

    static int handle(App app, Exception ex) {
        Throwable t = ex;
        if (t instanceof CliException ce) {
            app.console().error(ce.getMessage(), ce.hints(), logLocation(app));
            if (app.verbose() && ce.getCause() != null) printStack(app, ce);
            return ce.exitCode();
        }
        if (t instanceof InterruptedException) {
            app.console().error("interrupted", List.of("re-run the same command to resume"), logLocation(app));
            return ExitCode.INTERRUPTED;
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        app.console().error("unexpected error: " + msg,
                app.verbose() ? List.of() : List.of("re-run with -v for the stack trace"), logLocation(app));
        if (app.verbose()) printStack(app, t);
        return ExitCode.FAILED;
    }

    /** Where a failure's full log is: the run's log file, else standard error (with -v). */
    static String logLocation(App app) {
        if (app.runLog() != null) return app.runLog().toString();
        return app.verbose() ? "above, on standard error (this command keeps no log file)"
                : "this command keeps no log file; re-run with -v for details on standard error";
    }

    private static void printStack(App app, Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        app.err().print(sw);
        app.err().flush();
    }

    /** The factory that hands the App to commands (for a command that re-parses its own arguments, e.g. -f FILE). */
    public static CommandLine.IFactory factory(App app) {
        return new Factory(app);
    }

    /** Creates commands, handing the App to every command constructor that takes one. */
    private record Factory(App app) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                Class<?>[] p = c.getParameterTypes();
                if (p.length == 1 && p[0] == App.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(app));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
