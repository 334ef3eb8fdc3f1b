package io.kopsauth.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.App;
import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.SandboxControl;
import io.kopsauth.support.AwsWorlds;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real AWS CLI (botocore) against the emulator, with exactly the environment {@code sandbox env} prints. */
class AwsCliTest {
    static Map<String, String> env;

    @BeforeAll
    static void environment() {
        Path kopsauthHome = AwsWorlds.sandboxServer().home().root().getParent();
        Map<String, String> appEnv = new HashMap<>();
        appEnv.put("KOPSAUTH_HOME", kopsauthHome.toString());
        appEnv.put("HOME", kopsauthHome.toString());
        appEnv.put("PATH", System.getenv("PATH"));
        App app = new App(appEnv, new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Clock.systemUTC(), false);
        env = new HashMap<>(new SandboxControl(app).env());
        env.put("HOME", kopsauthHome.toString());
        // Keep the caller's own AWS settings out of the child.
        for (String k : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE")) {
            env.put(k, null);
        }
    }

    static ProcResult aws(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("aws");
        argv.addAll(List.of(args));
        argv.addAll(List.of("--output", "json"));
        return new ZtExecProcessRunner().run(Cmd.of(argv).withEnv(env));
    }

    static Map<String, Object> ok(String... args) {
        ProcResult r = aws(args);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().isBlank() ? Map.of() : Json.parseObject(r.stdout());
    }

    @Test
    void getCallerIdentityPrintsTheSandboxAccount() {
        Map<String, Object> id = ok("sts", "get-caller-identity");
        assertThat(id).containsEntry("Account", "111122223333")
                .containsEntry("Arn", "arn:aws:iam::111122223333:user/sandbox-admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void createRoleAndGetItBack(@TempDir Path tmp) throws Exception {
        String name = AwsWorlds.unique("KubernetesAdmin");
        Path trust = tmp.resolve("trust.json");
        Files.writeString(trust, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}");
        Map<String, Object> created = ok("iam", "create-role", "--role-name", name, "--assume-role-policy-document",
                "file://" + trust, "--tags", "Key=kopsauth,Value=yes");
        Map<String, Object> role = (Map<String, Object>) created.get("Role");
        assertThat(role.get("Arn")).isEqualTo("arn:aws:iam::111122223333:role/" + name);
        // The CLI decodes the URL-encoded policy document into JSON.
        Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) ok("iam", "get-role", "--role-name", name)
                .get("Role")).get("AssumeRolePolicyDocument");
        assertThat(doc).containsEntry("Version", "2012-10-17");

        ProcResult again = aws("iam", "create-role", "--role-name", name, "--assume-role-policy-document", "file://" + trust);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("(EntityAlreadyExists)");

        Map<String, Object> assumed = ok("sts", "assume-role", "--role-arn", "arn:aws:iam::111122223333:role/" + name,
                "--role-session-name", "cli");
        assertThat(((Map<String, Object>) assumed.get("AssumedRoleUser")).get("Arn"))
                .isEqualTo("arn:aws:sts::111122223333:assumed-role/" + name + "/cli");
    }

    @Test
    @SuppressWarnings("unchecked")
    void bucketsAndObjectVersions(@TempDir Path tmp) throws Exception {
        String b = AwsWorlds.unique("kopsauth-cli");
        ProcResult noConstraint = aws("s3api", "create-bucket", "--bucket", b);
        assertThat(noConstraint.exitCode()).isNotZero();
        assertThat(noConstraint.stderr()).contains("(IllegalLocationConstraintException)");
        ProcResult wrongRegion = aws("s3api", "create-bucket", "--bucket", b, "--create-bucket-configuration",
                "LocationConstraint=eu-west-1");
        assertThat(wrongRegion.exitCode()).isNotZero();
        assertThat(wrongRegion.stderr()).contains("(IllegalLocationConstraintException)");

        // botocore lets "Bad_Name" through; S3 rejects it (moto 5.2 creates it).
        ProcResult badName = aws("s3api", "create-bucket", "--bucket", "Bad_Name", "--create-bucket-configuration",
                "LocationConstraint=us-west-1");
        assertThat(badName.stderr()).contains("(InvalidBucketName)");

        ok("s3api", "create-bucket", "--bucket", b, "--create-bucket-configuration", "LocationConstraint=us-west-1");
        ok("s3api", "put-bucket-versioning", "--bucket", b, "--versioning-configuration", "Status=Enabled");
        Path body = tmp.resolve("config");
        Files.writeString(body, "apiVersion: kops.k8s.io/v1alpha2\n");
        Map<String, Object> put1 = ok("s3api", "put-object", "--bucket", b, "--key", "c1.example.com/config", "--body", body.toString());
        Map<String, Object> put2 = ok("s3api", "put-object", "--bucket", b, "--key", "c1.example.com/config", "--body", body.toString());
        assertThat(put1.get("VersionId")).isNotEqualTo(put2.get("VersionId"));
        ok("s3api", "delete-object", "--bucket", b, "--key", "c1.example.com/config");

        Map<String, Object> versions = ok("s3api", "list-object-versions", "--bucket", b);
        assertThat((List<Object>) versions.get("Versions")).hasSize(2);
        assertThat((List<Object>) versions.get("DeleteMarkers")).hasSize(1);

        // A key with characters that need encoding, listed with botocore's default encoding-type=url.
        ok("s3api", "put-object", "--bucket", b, "--key", "dir with space/ü+x", "--body", body.toString());
        Map<String, Object> listed = ok("s3api", "list-objects-v2", "--bucket", b, "--prefix", "dir with space/");
        assertThat((List<Map<String, Object>>) listed.get("Contents")).extracting(m -> m.get("Key")).containsExactly("dir with space/ü+x");

        ProcResult cp = aws("s3", "cp", "s3://" + b + "/dir with space/ü+x", tmp.resolve("back").toString());
        assertThat(cp.exitCode()).as(cp.stderr()).isZero();
        assertThat(Files.readString(tmp.resolve("back"))).isEqualTo("apiVersion: kops.k8s.io/v1alpha2\n");
    }
}
