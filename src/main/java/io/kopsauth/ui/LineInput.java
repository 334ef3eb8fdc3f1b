package io.kopsauth.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The user's answers, one line at a time, read on a daemon thread so that waiting for an answer can be cut short
 * by Ctrl-C ({@link #interrupt()}) without closing standard input.
 */
public final class LineInput {
    /** What waiting for a line produced. */
    public sealed interface Answer {
        /** A line the user typed (without its line break). */
        record Line(String text) implements Answer {}

        /** Standard input was closed. */
        record End() implements Answer {}

        /** Ctrl-C while waiting. */
        record Interrupted() implements Answer {}
    }

    private final InputStream in;
    private final LinkedBlockingQueue<Answer> lines = new LinkedBlockingQueue<>();
    private volatile boolean interrupted;
    private Thread reader;

    public LineInput(InputStream in) {
        this.in = in;
    }

    private synchronized void start() {
        if (reader != null) return;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.add(new Answer.Line(line));
            } catch (IOException e) {
                // A broken stdin reads as the end of input.
            }
            lines.add(new Answer.End());
        }, "stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the next line, the end of input, or an interrupt. */
    public Answer next() {
        start();
        while (true) {
            if (interrupted) return new Answer.Interrupted();
            try {
                Answer a = lines.poll(100, TimeUnit.MILLISECONDS);
                if (a instanceof Answer.End) {
                    lines.add(a); // stays at the end for later calls
                    return a;
                }
                if (a != null) return a;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer.Interrupted();
            }
        }
    }

    /** Ends any wait, now and from now on, with {@link Answer.Interrupted}. */
    public void interrupt() {
        interrupted = true;
    }

    public boolean interrupted() {
        return interrupted;
    }
}
