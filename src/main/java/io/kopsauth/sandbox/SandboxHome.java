package io.kopsauth.sandbox;

import java.nio.file.Path;

/**
 * The files of the sandbox under {@code <kopsauth home>/sandbox}: the server's pid, its endpoints file, the AWS
 * config/credentials pair for the sandbox profile, the server log, the server's copy of the jar, and the persisted
 * state.
 */
public record SandboxHome(Path root) {
    /** The profile name written to the sandbox's AWS files. */
    public static final String PROFILE = "kopsauth-sandbox";
    /** A profile for the second ("foreign") account, to create resources somebody else owns. */
    public static final String FOREIGN_PROFILE = "kopsauth-sandbox-foreign";
    public static final String REGION = "us-west-1";

    public Path pidFile() {
        return root.resolve("pid");
    }

    public Path endpointsFile() {
        return root.resolve("endpoints.json");
    }

    public Path awsConfig() {
        return root.resolve("aws").resolve("config");
    }

    public Path awsCredentials() {
        return root.resolve("aws").resolve("credentials");
    }

    public Path log() {
        return root.resolve("server.log");
    }

    /** The server's own copy of kopsauth's jar, so that rebuilding the jar cannot break a running server. */
    public Path serverJar() {
        return root.resolve("server.jar");
    }

    public Path state() {
        return root.resolve("state");
    }

    /** The AWS emulator's own state directory. */
    public Path awsState() {
        return state().resolve("aws");
    }
}
