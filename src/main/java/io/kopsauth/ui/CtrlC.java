package io.kopsauth.ui;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) as a request to stop at the next step boundary: the first press runs {@code onFirst}; a second
 * press restores the default handling and re-raises the signal, so the JVM exits at once (code 130).
 */
public final class CtrlC implements AutoCloseable {
    private static final Signal INT = new Signal("INT");
    private final SignalHandler previous;
    private boolean pressed;

    private CtrlC(Runnable onFirst) {
        previous = Signal.handle(INT, sig -> {
            synchronized (this) {
                if (!pressed) {
                    pressed = true;
                    onFirst.run();
                    return;
                }
            }
            Signal.handle(INT, SignalHandler.SIG_DFL);
            Signal.raise(INT);
        });
    }

    /** Installs the handler until {@link #close()}; where signals cannot be handled, does nothing. */
    public static AutoCloseable onInterrupt(Runnable onFirst) {
        try {
            return new CtrlC(onFirst);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return () -> { };
        }
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
