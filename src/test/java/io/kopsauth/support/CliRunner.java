package io.kopsauth.support;

import io.kopsauth.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/** Runs kopsauth in-process with its own environment and captured streams. */
public final class CliRunner {
    private CliRunner() {}

    /** What a run printed and returned. */
    public record Result(int code, String out, String err) {}

    public static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(err, true), Clock.systemUTC(), false);
        return new Result(code, out.toString(), err.toString());
    }
}
