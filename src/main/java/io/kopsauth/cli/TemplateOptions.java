package io.kopsauth.cli;

import io.kopsauth.render.Artifacts;
import io.kopsauth.render.FreemarkerArtifacts;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --templates DIR}: render with templates from DIR where present (falling back to the built-in ones). */
public final class TemplateOptions {
    @Option(names = "--templates", paramLabel = "DIR",
            description = "Directory whose *.ftl templates replace the built-in ones of the same name.")
    Path templates;

    public Path templates() {
        return templates;
    }

    /** The renderer for these options; a missing directory is a usage error. */
    public Artifacts artifacts() {
        try {
            return new FreemarkerArtifacts(templates);
        } catch (FreemarkerArtifacts.TemplateFailedException e) {
            throw CliException.usage(e.getMessage(), "pass a directory holding configmap.yaml.ftl etc., or omit --templates");
        }
    }
}
