package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Main;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.support.AwsWorld;
import io.kopsauth.support.AwsWorlds;
import io.kopsauth.support.CliRunner;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code kopsauth token} and {@code kopsauth verify} in-process against the sandbox's STS, which verifies SigV4
 * signatures: ExecCredential output, cache, usage errors, AssumeRole (session names, external id), and the
 * verifier accepting good tokens (ours and {@code aws eks get-token}'s) and denying the rest as the
 * authenticator would.
 */
class TokenCommandTest {
    static final String CLUSTER = "demo.k8s.local";
    @TempDir
    Path tmp;
    AwsWorld world;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        world = AwsWorlds.sandbox();
        env = new HashMap<>(world.env());
        env.put("HOME", tmp.toString());
        env.put("KOPSAUTH_HOME", tmp.resolve("kopsauth").toString());
    }

    CliRunner.Result run(Map<String, String> e, String... args) {
        return CliRunner.run(e, args);
    }

    CliRunner.Result run(Map<String, String> e, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, e, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true), clock, false);
        return new CliRunner.Result(code, out.toString(), err.toString());
    }

    String token(Map<String, String> e, String... args) {
        List<String> argv = new ArrayList<>(List.of("token", "--token-only"));
        argv.addAll(List.of(args));
        CliRunner.Result r = run(e, argv.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().strip();
    }

    Map<String, Object> verifyJson(Map<String, String> e, String cluster, String token) {
        CliRunner.Result r = run(e, "verify", "-i", cluster, "-t", token, "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        return Json.parseObject(r.out());
    }

    @Test
    void printsAnExecCredentialThatVerifiesAndCachesIt() throws Exception {
        CliRunner.Result r = run(env, "token", "-i", CLUSTER);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).endsWith("}\n").doesNotContain("\n{");
        assertThat(r.out()).startsWith("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                + "\"spec\":{\"interactive\":false},\"status\":{\"expirationTimestamp\":\"");
        Map<String, Object> cred = Json.parseObject(r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) cred.get("status");
        Instant exp = Instant.parse((String) status.get("expirationTimestamp"));
        assertThat(Duration.between(Instant.now(), exp)).isBetween(Duration.ofMinutes(13), Duration.ofMinutes(14));
        assertThat((String) status.get("expirationTimestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        String token = (String) status.get("token");

        Map<String, Object> id = verifyJson(env, CLUSTER, token);
        assertThat(id).containsEntry("ARN", "arn:aws:iam::111122223333:user/sandbox-admin")
                .containsEntry("CanonicalARN", "arn:aws:iam::111122223333:user/sandbox-admin")
                .containsEntry("AccountID", "111122223333")
                .containsEntry("STSEndpoint", world.endpoint().getRawAuthority());
        assertThat((String) id.get("AccessKeyID")).startsWith("AKIA");

        Path cacheDir = tmp.resolve(".kube/cache/kopsauth");
        try (var files = Files.list(cacheDir)) {
            assertThat(files.toList()).hasSize(1);
        }
        // A hit answers the same token, also under another exec apiVersion, which is echoed.
        Map<String, String> v1 = new HashMap<>(env);
        v1.put("KUBERNETES_EXEC_INFO", "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}");
        CliRunner.Result again = run(v1, "token", "-i", CLUSTER);
        assertThat(again.out()).startsWith("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",")
                .contains(token);
        // --no-cache signs anew (the signature differs only if the second changed; the cache file is left alone).
        assertThat(token(env, "-i", CLUSTER, "--no-cache")).startsWith("k8s-aws-v1.");
        // No per-run log file for token.
        assertThat(tmp.resolve("kopsauth/logs")).doesNotExist();
    }

    @Test
    void tokenForAnotherClusterIsDeniedByStsAndAnExpiredOneLocally() {
        String other = token(env, "-i", "other-cluster");
        CliRunner.Result r = run(env, "verify", "-i", CLUSTER, "-t", other);
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("Error: sts getCallerIdentity failed: error from AWS (expected 200, got 403) on us-west-1 endpoint. Body: ")
                .contains("SignatureDoesNotMatch").contains("another cluster ID");

        Clock sixteenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC);
        CliRunner.Result old = run(env, sixteenMinutesAgo, "token", "-i", CLUSTER, "--token-only", "--no-cache");
        assertThat(old.code()).as(old.err()).isZero();
        CliRunner.Result expired = run(env, "verify", "-i", CLUSTER, "-t", old.out().strip());
        assertThat(expired.code()).isEqualTo(ExitCode.FAILED);
        assertThat(expired.err()).contains("Error: input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration)");

        CliRunner.Result garbage = run(env, "verify", "-i", CLUSTER, "-t", "k8s-aws-v2.abc");
        assertThat(garbage.err()).contains("token is missing expected \"k8s-aws-v1.\" prefix")
                .contains("Full log: this command keeps no log file; re-run with -v");
    }

    @Test
    void usageErrors() {
        CliRunner.Result none = run(env, "token");
        assertThat(none.code()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("Error: cluster ID not specified");
        CliRunner.Result both = run(env, "token", "-i", CLUSTER, "-r", "arn:aws:iam::111122223333:role/A", "-s", "x", "--forward-session-name");
        assertThat(both.code()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("cannot specify both --forward-session-name and --session-name parameter");
        CliRunner.Result badRole = run(env, "token", "-i", CLUSTER, "-r", "KubernetesAdmin");
        assertThat(badRole.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run(env, "verify", "-i", CLUSTER).code()).isEqualTo(ExitCode.USAGE);
        assertThat(run(env, "verify", "-t", "x").err()).contains("cluster ID not specified");
        assertThat(run(env, "verify", "-i", CLUSTER, "-t", "x", "--partition", "mars").code()).isEqualTo(ExitCode.USAGE);
        assertThat(tmp.resolve(".kube")).doesNotExist();
    }

    @Test
    void clusterIdAndRoleFromTheEnvironment() {
        String role = createRole("tok-env", null);
        Map<String, String> e = new HashMap<>(env);
        e.put("KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID", CLUSTER);
        e.put("DEFAULT_ROLE", role);
        String token = token(e);
        Map<String, Object> id = verifyJson(env, CLUSTER, token);
        assertThat(id.get("CanonicalARN")).isEqualTo(role);
        assertThat((String) id.get("SessionName")).matches("kopsauth-\\d{13}");
    }

    @Test
    void assumesTheRoleWithSessionNameAndExternalId() {
        String role = createRole("tok-admin", null);
        Map<String, Object> id = verifyJson(env, CLUSTER, token(env, "-i", CLUSTER, "-r", role, "-s", "alice@example.com"));
        assertThat(id).containsEntry("ARN", "arn:aws:sts::111122223333:assumed-role/" + role.substring(role.lastIndexOf('/') + 1) + "/alice@example.com")
                .containsEntry("CanonicalARN", role).containsEntry("SessionName", "alice@example.com");
        assertThat((String) id.get("AccessKeyID")).startsWith("ASIA");

        String guarded = createRole("tok-ext", "s3cret-ext");
        CliRunner.Result denied = run(env, "token", "-i", CLUSTER, "-r", guarded);
        assertThat(denied.code()).isEqualTo(ExitCode.FAILED);
        assertThat(denied.err()).contains("Error: could not get token: sts:AssumeRole " + guarded + " failed: access denied")
                .contains("trust policy");
        assertThat(verifyJson(env, CLUSTER, token(env, "-i", CLUSTER, "-r", guarded, "-e", "s3cret-ext"))).containsEntry("CanonicalARN", guarded);
    }

    @Test
    void forwardsTheCallersSessionName() {
        String first = createRole("tok-first", null);
        String second = createRole("tok-second", null);
        Credentials c;
        try (var aws = new Closing(world.clients())) {
            c = aws.clients.sts().assumeRole(r -> r.roleArn(first).roleSessionName("bob")).credentials();
        }
        Map<String, String> e = new HashMap<>(env);
        e.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        e.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        e.put("AWS_SESSION_TOKEN", c.sessionToken());
        Map<String, Object> id = verifyJson(env, CLUSTER, token(e, "-i", CLUSTER, "-r", second, "--forward-session-name"));
        assertThat(id).containsEntry("CanonicalARN", second).containsEntry("SessionName", "bob");
        // Without a role, the session credentials sign directly (X-Amz-Security-Token in the URL).
        assertThat(verifyJson(env, CLUSTER, token(e, "-i", CLUSTER))).containsEntry("CanonicalARN", first).containsEntry("SessionName", "bob");
    }

    @Test
    void noCredentialsIsAClearFailure() throws Exception {
        Map<String, String> e = new HashMap<>(env);
        Files.writeString(tmp.resolve("config"), "");
        Files.writeString(tmp.resolve("credentials"), "");
        e.put("AWS_CONFIG_FILE", tmp.resolve("config").toString());
        e.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("credentials").toString());
        e.remove("AWS_PROFILE");
        CliRunner.Result r = run(e, "token", "-i", CLUSTER);
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("Error: could not get token: loading AWS credentials failed: no AWS credentials found")
                .contains("aws configure").doesNotContain("at software.amazon");
    }

    @Test
    void verifiesTokensFromAwsEksGetToken() {
        ProcResult viaEndpoint = awsCli(world.env(), "eks", "get-token", "--cluster-name", CLUSTER, "--query", "status.token", "--output", "text");
        assertThat(verifyJson(env, CLUSTER, viaEndpoint.stdout().strip())).containsEntry("ARN", "arn:aws:iam::111122223333:user/sandbox-admin");

        // Signed for the public host sts.us-west-1.amazonaws.com (no endpoint configured when it was made): verify
        // replays it against the configured endpoint with that Host, and the sandbox checks the signature.
        Map<String, String> noEndpoint = new HashMap<>(world.env());
        noEndpoint.put("AWS_ENDPOINT_URL", null);
        noEndpoint.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        ProcResult publicHost = awsCli(noEndpoint, "eks", "get-token", "--cluster-name", CLUSTER, "--query", "status.token", "--output", "text");
        Map<String, Object> id = verifyJson(env, CLUSTER, publicHost.stdout().strip());
        assertThat(id).containsEntry("STSEndpoint", "sts.us-west-1.amazonaws.com").containsEntry("AccountID", "111122223333");
        CliRunner.Result wrongCluster = run(env, "verify", "-i", "other", "-t", publicHost.stdout().strip());
        assertThat(wrongCluster.err()).contains("got 403").contains("SignatureDoesNotMatch");
    }

    ProcResult awsCli(Map<String, String> e, String... args) {
        List<String> argv = new ArrayList<>(List.of("aws"));
        argv.addAll(List.of(args));
        ProcResult r = new ZtExecProcessRunner().run(Cmd.of(argv).withEnv(e).withTimeout(Duration.ofMinutes(2)));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    /** A role in the sandbox that the seeded user may assume (only with this external id, if given). */
    String createRole(String prefix, String externalId) {
        String name = AwsWorlds.unique(prefix);
        String condition = externalId == null ? "" : ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"" + externalId + "\"}}";
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + world.account() + ":root\"},\"Action\":\"sts:AssumeRole\"" + condition + "}]}";
        try (var aws = new Closing(world.clients())) {
            return aws.clients.iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
        }
    }

    /** Closes SDK clients after use. */
    record Closing(AwsClients clients) implements AutoCloseable {
        @Override
        public void close() {
            clients.close();
        }
    }
}
