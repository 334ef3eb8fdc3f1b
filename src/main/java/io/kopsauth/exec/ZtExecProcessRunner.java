package io.kopsauth.exec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeroturnaround.exec.InvalidExitValueException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.stream.LogOutputStream;

/** {@link ProcessRunner} on zt-exec: argv arrays, destroy-on-exit (Ctrl-C never orphans kops), output to the run log. */
public final class ZtExecProcessRunner implements ProcessRunner {
    private final Logger log = LoggerFactory.getLogger(ZtExecProcessRunner.class);

    @Override
    public ProcResult run(Cmd cmd, Consumer<String> onLine) {
        long start = System.nanoTime();
        log.info("exec: {}", cmd.display());
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        // Resolve the program against the child's PATH when the command sets one (ProcessBuilder would use ours).
        java.util.List<String> argv = new java.util.ArrayList<>(cmd.argv());
        String childPath = cmd.env().containsKey("PATH") ? cmd.env().get("PATH") : System.getenv("PATH");
        argv.set(0, Executables.find(cmd.program(), childPath)
                .map(Object::toString)
                .orElseThrow(() -> new ToolNotFoundException(cmd.program(), null)));
        ProcessExecutor pe = new ProcessExecutor()
                .command(argv)
                .destroyOnExit()
                .exitValueAny()
                .timeout(cmd.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .redirectOutput(new LogOutputStream() {
                    @Override
                    protected void processLine(String line) {
                        synchronized (out) { out.append(line).append('\n'); }
                        log.debug("  stdout: {}", line);
                        onLine.accept(line);
                    }
                })
                .redirectError(new LogOutputStream() {
                    @Override
                    protected void processLine(String line) {
                        synchronized (err) { err.append(line).append('\n'); }
                        log.debug("  stderr: {}", line);
                        onLine.accept(line);
                    }
                });
        cmd.env().forEach(pe::environment);
        if (cmd.workDir() != null) pe.directory(cmd.workDir().toFile());
        if (cmd.stdin() != null) pe.redirectInput(new ByteArrayInputStream(cmd.stdin().getBytes(StandardCharsets.UTF_8)));
        try {
            ProcessResult r = pe.execute();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            log.info("exit {} after {} ms: {}", r.getExitValue(), elapsed.toMillis(), cmd.program());
            return new ProcResult(cmd, r.getExitValue(), out.toString(), err.toString(), elapsed);
        } catch (TimeoutException e) {
            throw new ProcessTimeoutException(cmd);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.program(), e);
        } catch (InvalidExitValueException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().contains("error=2") || e.getMessage().contains("No such file"))) {
                throw new ToolNotFoundException(cmd.program(), e);
            }
            throw new IllegalStateException("could not run " + cmd.program() + ": " + e.getMessage(), e);
        }
    }
}
