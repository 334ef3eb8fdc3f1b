package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar through the real launcher: templates come from inside the jar; completion loads. */
class RenderIT {
    @TempDir
    Path tmp;

    private ProcResult kopsauth(String... args) {
        String launcher = Path.of(System.getProperty("kopsauth.project"), "scripts", "kopsauth").toString();
        String[] argv = new String[args.length + 1];
        argv[0] = launcher;
        System.arraycopy(args, 0, argv, 1, args.length);
        return new ZtExecProcessRunner().run(Cmd.of(argv).withEnv(Map.of("HOME", tmp.toString(),
                "KOPSAUTH_HOME", tmp.resolve("k").toString(), "KOPSAUTH_JAR", System.getProperty("kopsauth.jar"))));
    }

    @Test
    void theIssuesExampleWorksFromTheJar() {
        ProcResult r = kopsauth("render", "configmap", "--name", "demo.k8s.local", "--account-id", "111122223333");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("name: aws-iam-authenticator")
                .contains("- roleARN: \"arn:aws:iam::111122223333:role/KubernetesAdmin\"")
                .contains("username: \"kubernetes-admin\"").contains("- \"system:masters\"");
    }

    @Test
    void badInputExitsTwoWithoutAStackTrace() {
        ProcResult r = kopsauth("render", "trust-policy", "--account-id", "12");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--account-id: '12' is not a 12-digit AWS account id").doesNotContain("\tat ");
    }
}
