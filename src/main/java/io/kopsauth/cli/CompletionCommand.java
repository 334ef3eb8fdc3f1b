package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.Main;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kopsauth completion bash|zsh}: prints a shell completion script (picocli AutoComplete). */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = KopsauthCommand.Version.class,
        usageHelpAutoWidth = true,
        header = "Print a shell completion script for bash or zsh.",
        description = {
            "",
            "Load it into the current shell, or add the line to ~/.bashrc / ~/.zshrc:",
            "  bash:  source <(kopsauth completion bash)",
            "  zsh:   source <(kopsauth completion zsh)      (uses bashcompinit)",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(kopsauth completion bash)",
            "  kopsauth completion zsh > ~/.zfunc/kopsauth.zsh"
        })
public final class CompletionCommand implements Callable<Integer> {
    private final App app;

    @Parameters(index = "0", paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash | zsh")
    String shell;

    public CompletionCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw CliException.usage("unsupported shell '" + shell + "'", "use 'kopsauth completion bash' or 'kopsauth completion zsh'");
        }
        CommandLine root = Main.commandLine(app);
        String script = AutoComplete.bash("kopsauth", root);
        if (shell.equals("zsh")) {
            // picocli's script is bash; zsh runs it through its bash-compatibility layer.
            script = "#compdef kopsauth\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + script;
        }
        app.out().print(script);
        app.out().flush();
        return ExitCode.OK;
    }

    /** The shells, for completion. */
    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(java.util.List.of("bash", "zsh"));
        }
    }
}
