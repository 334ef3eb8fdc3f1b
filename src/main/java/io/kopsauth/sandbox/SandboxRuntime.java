package io.kopsauth.sandbox;

import com.sun.net.httpserver.HttpHandler;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** What the sandbox server offers its components. */
public interface SandboxRuntime {

    /** The component's own directory for persisted state ({@code <sandbox home>/state/<component name>}). */
    Path stateDir();

    /** In-process access to the AWS emulator. */
    AwsBackdoor aws();

    /** The AWS emulator's endpoint ({@code http://127.0.0.1:PORT}), also the control endpoint's base. */
    URI awsEndpoint();

    /** The seeded account id (111122223333). */
    String accountId();

    /** Knobs given at {@code sandbox up} (e.g. "bootSeconds"). */
    Map<String, String> settings();

    /** Serves {@code handler} under {@code pathPrefix} (must start with "/_sandbox/") on the AWS endpoint's port. */
    void mount(String pathPrefix, HttpHandler handler);
}
