package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.support.CliRunner;
import io.kopsauth.support.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
    @TempDir
    Path tmp;

    private Result run(String... args) {
        return CliRunner.run(Map.of("HOME", tmp.toString(), "KOPSAUTH_HOME", tmp.toString()), args);
    }

    @Test
    void bashScriptNamesTheSubcommandsAndTheirOptions() {
        Result r = run("completion", "bash");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("_picocli_kopsauth_render").contains("_picocli_kopsauth_doctor")
                .contains("_picocli_kopsauth_completion").contains("--map-role").contains("--trust-principal")
                .contains("kubeconfig-user").contains("complete -F _complete_kopsauth");
    }

    @Test
    void bashCompletesSubcommandsAndArtifacts() throws Exception {
        Path script = tmp.resolve("kopsauth.bash");
        Files.writeString(script, run("completion", "bash").out());
        String probe = "source \"$1\" 2>/dev/null\n"
                + "COMP_WORDS=(kopsauth ren); COMP_CWORD=1; COMP_LINE='kopsauth ren'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_kopsauth 2>/dev/null; echo \"1:${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(kopsauth render ''); COMP_CWORD=2; COMP_LINE='kopsauth render '; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_kopsauth 2>/dev/null; echo \"2:${COMPREPLY[*]}\"\n";
        ProcResult p = new ZtExecProcessRunner().run(Cmd.of("bash", "-c", probe, "probe", script.toString()));
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        assertThat(p.stdout()).contains("1:render").contains("2:configmap kubeconfig-user trust-policy cluster-spec");
    }

    @Test
    void zshScriptLoadsBashCompatibility() {
        Result r = run("completion", "zsh");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#compdef kopsauth").contains("bashcompinit").contains("_picocli_kopsauth_render");
    }

    @Test
    void otherShellsAreAUsageError() {
        Result r = run("completion", "fish");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unsupported shell 'fish'");
    }
}
