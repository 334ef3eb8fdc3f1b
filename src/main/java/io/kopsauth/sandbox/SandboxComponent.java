package io.kopsauth.sandbox;

import java.util.Map;

/**
 * A part of the sandbox process (the AWS emulator hosts the others): the Kubernetes API simulator, for
 * instance. Components are found with {@link java.util.ServiceLoader}, started in one process by the sandbox
 * server, and persist their own state under {@link SandboxRuntime#stateDir()}.
 */
public interface SandboxComponent {

    /** A short stable name ("kube"); also the name of its state directory. */
    String name();

    /** Starts serving; called once, after the AWS emulator is up. */
    void start(SandboxRuntime runtime) throws Exception;

    /** Endpoints to publish in the sandbox's endpoints file, e.g. {"kubeApi": "https://127.0.0.1:1234"}. */
    Map<String, String> endpoints();

    /** What exists, for {@code kopsauth sandbox status} (JSON-compatible values). */
    Map<String, Object> status();

    /** Forgets all state (sandbox reset). */
    void reset() throws Exception;

    /** Stops serving and flushes state. */
    void stop();
}
