package io.kopsauth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Configures the SLF4J simple backend before the first logger exists: commands that change the world log
 * everything (every child command line and its output) to {@code ~/.kopsauth/logs/<command>-<time>.log};
 * other commands log warnings to stderr only. Secrets are never logged.
 */
final class RunLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunLog() {}

    static Path toFile(App app, String command) {
        try {
            Files.createDirectories(app.home().logs());
            Path file = app.home().logs().resolve(command + "-" + STAMP.format(app.clock().instant()) + "-"
                    + ProcessHandle.current().pid() + ".log");
            Files.createFile(file);
            System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk", "info");
            System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk.request", "debug");
            // zt-exec logs every child's whole environment at debug, credentials included: never.
            System.setProperty("org.slf4j.simpleLogger.log.org.zeroturnaround", "warn");
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
            System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
            return file;
        } catch (IOException e) {
            toStderr(app);
            return null;
        }
    }

    static void toStderr(App app) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", app.verbose() ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    }
}
