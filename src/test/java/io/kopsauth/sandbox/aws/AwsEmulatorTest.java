package io.kopsauth.sandbox.aws;

import static io.kopsauth.sandbox.aws.AwsCrossCheckTest.assertError;
import static io.kopsauth.sandbox.aws.AwsCrossCheckTest.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.AwsBackdoor;
import io.kopsauth.sandbox.SandboxHome;
import io.kopsauth.sandbox.SandboxServer;
import io.kopsauth.support.AwsWorlds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The sandbox's emulator through the AWS SDK for Java v2 (as kopsauth builds it): signature verification,
 * accounts, trust-policy evaluation, temporary credentials, expiry and skew, the backdoor, faults, persistence.
 */
class AwsEmulatorTest {
    static ClockedEmulator em;
    static AwsClients admin;

    @BeforeAll
    static void start() {
        em = new ClockedEmulator();
        admin = em.admin();
    }

    @AfterAll
    static void stop() {
        admin.close();
        em.close();
    }

    static String trust(String principal, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":\"sts:AssumeRole\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";
    }

    static String role(String trust) {
        String name = AwsWorlds.unique("Role");
        return admin.iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
    }

    static AwsClients foreign() {
        return em.clients(em.emulator.foreign().accessKeyId(), em.emulator.foreign().secretAccessKey(), null);
    }

    static AwsClients with(Credentials c) {
        return em.clients(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    static void denied(AwsClients who, String roleArn, String callerArn) {
        AwsServiceException e = error(() -> who.sts().assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("User: " + callerArn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    }

    static Credentials assume(AwsClients who, String roleArn) {
        return who.sts().assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")).credentials();
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        String secret = em.emulator.admin().secretAccessKey();
        String wrong = (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1);
        AwsClients bad = em.clients(em.emulator.admin().accessKeyId(), wrong, null);
        assertError(() -> bad.sts().getCallerIdentity(), 403, "SignatureDoesNotMatch");
        assertError(() -> bad.iam().listRoles(), 403, "SignatureDoesNotMatch");
        assertError(() -> bad.s3().listBuckets(), 403, "SignatureDoesNotMatch");
    }

    @Test
    void anUnknownKeyIsInvalidClientTokenId() {
        AwsClients unknown = em.clients("AKIAUNKNOWNKEY000000", "secretsecretsecretsecretsecretsecret0000", null);
        assertError(() -> unknown.sts().getCallerIdentity(), 403, "InvalidClientTokenId");
        assertError(() -> unknown.iam().listRoles(), 403, "InvalidClientTokenId");
        assertError(() -> unknown.s3().listBuckets(), 403, "InvalidAccessKeyId");
    }

    @Test
    void theSeededUserIsWhoTheKeysSay() {
        var id = admin.sts().getCallerIdentity();
        assertThat(id.account()).isEqualTo("111122223333");
        assertThat(id.arn()).isEqualTo("arn:aws:iam::111122223333:user/sandbox-admin");
        assertThat(id.userId()).startsWith("AIDA").hasSize(21);
        assertThat(em.emulator.admin().accessKeyId()).startsWith("AKIA").hasSize(20);
        assertThat(em.emulator.admin().secretAccessKey()).hasSize(40);
        assertThat(foreign().sts().getCallerIdentity().account()).isEqualTo("444455556666");
    }

    @Test
    void accountRootAndBareAccountIdTrustEveryPrincipalOfTheAccount() {
        for (String p : new String[] {"{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "{\"AWS\":\"111122223333\"}"}) {
            String arn = role(trust(p, null));
            Credentials c = assume(admin, arn);
            assertThat(c.accessKeyId()).startsWith("ASIA");
            denied(foreign(), arn, "arn:aws:iam::444455556666:user/foreign-admin");
        }
    }

    @Test
    void aSpecificUserArnTrustsOnlyThatUser() {
        String arn = role(trust("{\"AWS\":[\"arn:aws:iam::111122223333:user/sandbox-admin\"]}", null));
        assume(admin, arn);
        denied(foreign(), arn, "arn:aws:iam::444455556666:user/foreign-admin");
    }

    @Test
    void aRoleArnTrustsSessionsOfThatRole() {
        String hop = role(trust("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", null));
        String target = role(trust("{\"AWS\":\"" + hop + "\"}", null));
        denied(admin, target, "arn:aws:iam::111122223333:user/sandbox-admin");
        AwsClients session = with(assume(admin, hop));
        String hopName = hop.substring(hop.lastIndexOf('/') + 1);
        Credentials chained = assume(session, target);
        var id = with(chained).sts().getCallerIdentity();
        assertThat(id.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/" + target.substring(target.lastIndexOf('/') + 1) + "/s1");
        assertThat(hopName).isNotBlank();
        // Role chaining is limited to one hour.
        assertError(() -> session.sts().assumeRole(r -> r.roleArn(target).roleSessionName("s1").durationSeconds(7200)),
                400, "ValidationError");
    }

    @Test
    void aWildcardPrincipalTrustsAnyone() {
        String arn = role(trust("\"*\"", null));
        assume(admin, arn);
        assume(foreign(), arn);
    }

    @Test
    void anotherAccountsRootCanBeTrusted() {
        String arn = role(trust("{\"AWS\":\"arn:aws:iam::444455556666:root\"}", null));
        var c = assume(foreign(), arn);
        assertThat(with(c).sts().getCallerIdentity().account()).isEqualTo("111122223333");
        denied(admin, arn, "arn:aws:iam::111122223333:user/sandbox-admin");
    }

    @Test
    void mfaConditionsNeedATokenCodeOrAnMfaSession() {
        String arn = role(trust("{\"AWS\":\"arn:aws:iam::111122223333:root\"}",
                "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}"));
        denied(admin, arn, "arn:aws:iam::111122223333:user/sandbox-admin");
        String serial = "arn:aws:iam::111122223333:mfa/sandbox-admin";
        assertThat(admin.sts().assumeRole(r -> r.roleArn(arn).roleSessionName("mfa").serialNumber(serial).tokenCode("123456"))
                .assumedRoleUser().arn()).endsWith(":assumed-role/" + arn.substring(arn.lastIndexOf('/') + 1) + "/mfa");
        assertError(() -> admin.sts().assumeRole(r -> r.roleArn(arn).roleSessionName("mfa").serialNumber(serial).tokenCode("12x")),
                403, "AccessDenied");
        Credentials mfaSession = admin.sts().getSessionToken(r -> r.serialNumber(serial).tokenCode("654321")).credentials();
        assume(with(mfaSession), arn);
        Credentials plainSession = admin.sts().getSessionToken().credentials();
        denied(with(plainSession), arn, "arn:aws:iam::111122223333:user/sandbox-admin");
    }

    @Test
    void externalIdMustMatch() {
        String arn = role(trust("{\"AWS\":\"111122223333\"}", "{\"StringEquals\":{\"sts:ExternalId\":\"kopsauth-123\"}}"));
        denied(admin, arn, "arn:aws:iam::111122223333:user/sandbox-admin");
        assertError(() -> admin.sts().assumeRole(r -> r.roleArn(arn).roleSessionName("s1").externalId("other")), 403, "AccessDenied");
        admin.sts().assumeRole(r -> r.roleArn(arn).roleSessionName("s1").externalId("kopsauth-123"));
    }

    @Test
    void anExplicitDenyWins() {
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},"
                + "\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:*\","
                + "\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}";
        String arn = role(doc);
        denied(admin, arn, "arn:aws:iam::111122223333:user/sandbox-admin");
        admin.sts().assumeRole(r -> r.roleArn(arn).roleSessionName("s1").serialNumber("arn:aws:iam::111122223333:mfa/x").tokenCode("000000"));
    }

    @Test
    void aMissingRoleIsAccessDenied() {
        denied(admin, "arn:aws:iam::111122223333:role/NoSuchRole", "arn:aws:iam::111122223333:user/sandbox-admin");
    }

    @Test
    void temporaryCredentialsWorkEverywhereUntilTheyExpire() {
        String arn = role(trust("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", null));
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        Credentials c = admin.sts().assumeRole(r -> r.roleArn(arn).roleSessionName("kopsauth").durationSeconds(900)).credentials();
        assertThat(c.expiration()).isEqualTo(em.clock.instant().plusSeconds(900).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        AwsClients session = with(c);
        var id = session.sts().getCallerIdentity();
        assertThat(id.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/" + name + "/kopsauth");
        assertThat(id.userId()).startsWith("AROA").endsWith(":kopsauth");
        assertThat(session.iam().getRole(r -> r.roleName(name)).role().arn()).isEqualTo(arn);
        assertThat(session.s3().listBuckets().buckets()).isNotNull();

        AwsClients tampered = em.clients(c.accessKeyId(), c.secretAccessKey(), c.sessionToken() + "x");
        assertError(() -> tampered.sts().getCallerIdentity(), 403, "InvalidClientTokenId");

        em.clock.advance(Duration.ofSeconds(901));
        try {
            assertError(() -> session.sts().getCallerIdentity(), 403, "ExpiredToken");
            assertError(() -> session.s3().listBuckets(), 400, "ExpiredToken");
        } finally {
            em.clock.advance(Duration.ofSeconds(-901));
        }
    }

    @Test
    void trustPoliciesNamingUnknownPrincipalsAreMalformed() {
        AwsServiceException e = error(() -> admin.iam().createRole(r -> r.roleName(AwsWorlds.unique("R"))
                .assumeRolePolicyDocument(trust("{\"AWS\":\"arn:aws:iam::111122223333:user/nobody\"}", null))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid principal in policy: \"AWS\":\"arn:aws:iam::111122223333:user/nobody\"");
        assertError(() -> admin.iam().createRole(r -> r.roleName(AwsWorlds.unique("R")).assumeRolePolicyDocument("{not json")),
                400, "MalformedPolicyDocument");
    }

    @Test
    void bucketsOfAnotherAccountAreTakenAndPrivate() {
        String b = AwsWorlds.unique("foreign-bucket");
        AwsClients f = foreign();
        f.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        assertError(() -> admin.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("us-west-1"))),
                409, "BucketAlreadyExists");
        assertError(() -> admin.s3().listObjectsV2(r -> r.bucket(b)), 403, "AccessDenied");
        assertThat(admin.s3().listBuckets().buckets()).extracting(x -> x.name()).doesNotContain(b);
    }

    @Test
    void aBucketAnswersOnlyInItsRegion() {
        String b = AwsWorlds.unique("west");
        admin.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        var env = new HashMap<String, String>(Map.of("AWS_ACCESS_KEY_ID", em.emulator.admin().accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", em.emulator.admin().secretAccessKey(), "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", em.endpoint().toString(), "HOME", em.dir.toString()));
        AwsClients east = new AwsClients(AwsSettings.resolve(null, null, env));
        assertError(() -> east.s3().listObjectsV2(r -> r.bucket(b)), 400, "AuthorizationHeaderMalformed");
        assertThat(east.s3().getBucketLocation(r -> r.bucket(b)).locationConstraintAsString()).isEqualTo("us-west-1");
    }

    @Test
    void largeAndChecksummedUploadsRoundTrip() {
        String b = AwsWorlds.unique("big");
        admin.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(data);
        admin.s3().putObject(r -> r.bucket(b).key("blob"), RequestBody.fromBytes(data));
        admin.s3().putObject(r -> r.bucket(b).key("crc").checksumAlgorithm("CRC32C"), RequestBody.fromBytes(data));
        assertThat(admin.s3().getObjectAsBytes(r -> r.bucket(b).key("blob")).asByteArray()).isEqualTo(data);
        assertThat(admin.s3().getObjectAsBytes(r -> r.bucket(b).key("crc")).asByteArray()).isEqualTo(data);
        assertThat(em.emulator.s3Object(b, "blob")).isEqualTo(data);
        assertThat(em.emulator.s3Object(b, "missing")).isNull();
        assertThat(em.emulator.s3Object(b + "-missing", "blob")).isNull();
    }

    @Test
    void replayedPresignedUrlsAreVerifiedWithTheirHostAndClusterId() {
        Instant now = em.clock.instant();
        var a = em.emulator.admin();
        String url = Presigned.getCallerIdentity("https", "sts.us-west-2.amazonaws.com", "us-west-2", a.accessKeyId(),
                a.secretAccessKey(), null, "cluster-a", now);
        AwsBackdoor.HttpAnswer ok = em.emulator.replayPresigned(url, Map.of("x-k8s-aws-id", "cluster-a", "accept", "application/json"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.contentType()).isEqualTo("application/json");
        Map<String, Object> body = Json.parseObject(ok.body());
        assertThat(Json.write(body)).contains("\"Arn\":\"arn:aws:iam::111122223333:user/sandbox-admin\"",
                "\"Account\":\"111122223333\"", "\"RequestId\"");

        AwsBackdoor.HttpAnswer other = em.emulator.replayPresigned(url, Map.of("x-k8s-aws-id", "cluster-b", "accept", "application/json"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body()).contains("SignatureDoesNotMatch");

        String wrongRegion = Presigned.getCallerIdentity("https", "sts.us-east-2.amazonaws.com", "us-west-2", a.accessKeyId(),
                a.secretAccessKey(), null, "cluster-a", now);
        assertThat(em.emulator.replayPresigned(wrongRegion, Map.of("x-k8s-aws-id", "cluster-a")).status()).isEqualTo(403);

        String old = Presigned.getCallerIdentity("https", "sts.us-west-2.amazonaws.com", "us-west-2", a.accessKeyId(),
                a.secretAccessKey(), null, "cluster-a", now.minus(Duration.ofMinutes(16)));
        AwsBackdoor.HttpAnswer expired = em.emulator.replayPresigned(old, Map.of("x-k8s-aws-id", "cluster-a"));
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.body()).contains("<Code>SignatureDoesNotMatch</Code>", "Signature expired");
        // X-Amz-Expires=60 is ignored by STS: a 5-minute-old URL still works.
        String fiveMin = Presigned.getCallerIdentity("https", "sts.us-west-2.amazonaws.com", "us-west-2", a.accessKeyId(),
                a.secretAccessKey(), null, "cluster-a", now.minus(Duration.ofMinutes(5)));
        assertThat(em.emulator.replayPresigned(fiveMin, Map.of("x-k8s-aws-id", "cluster-a")).status()).isEqualTo(200);
    }

    @Test
    void presignedUrlsOfRoleSessionsNameTheAssumedRole() throws Exception {
        String arn = role(trust("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", null));
        Credentials c = admin.sts().assumeRole(r -> r.roleArn(arn).roleSessionName("alice")).credentials();
        // The sandbox's own endpoint, over plain HTTP, as SDKs presign when AWS_ENDPOINT_URL is set.
        String host = "127.0.0.1:" + em.endpoint().getPort();
        String url = Presigned.getCallerIdentity("http", host, "us-west-1", c.accessKeyId(), c.secretAccessKey(),
                c.sessionToken(), "cluster-a", em.clock.instant());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("x-k8s-aws-id", "cluster-a").header("accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("assumed-role/" + arn.substring(arn.lastIndexOf('/') + 1) + "/alice", ":alice\"");
        AwsBackdoor.HttpAnswer same = em.emulator.replayPresigned(url, Map.of("x-k8s-aws-id", "cluster-a", "accept", "application/json"));
        assertThat(same.status()).isEqualTo(200);
    }

    @Test
    void faultsThrottleAndFail() {
        try {
            em.emulator.faults().set(1, 0, 0);
            assertError(() -> admin.iam().listRoles(), 400, "Throttling");
            assertError(() -> admin.s3().listBuckets(), 503, "SlowDown");
            em.emulator.faults().set(0, 1, 0);
            assertError(() -> admin.sts().getCallerIdentity(), 500, "InternalFailure");
            assertError(() -> admin.s3().listBuckets(), 500, "InternalError");
        } finally {
            em.emulator.faults().set(0, 0, 0);
        }
        admin.sts().getCallerIdentity();
    }

    @Test
    void stateSurvivesARestart(@TempDir Path tmp) throws Exception {
        SandboxHome home = new SandboxHome(tmp.resolve("sandbox"));
        SandboxServer.Options o = new SandboxServer.Options(0, 0, 0, 0, Map.of(), false);
        SandboxServer first = SandboxServer.start(home, o);
        int port = first.port();
        String key = first.aws().admin().accessKeyId();
        var env = Map.of("AWS_CONFIG_FILE", home.awsConfig().toString(), "AWS_SHARED_CREDENTIALS_FILE",
                home.awsCredentials().toString(), "AWS_PROFILE", SandboxHome.PROFILE, "HOME", tmp.toString());
        AwsClients aws = new AwsClients(AwsSettings.resolve(null, null, env));
        aws.iam().createRole(r -> r.roleName("KubernetesAdmin").assumeRolePolicyDocument(trust("{\"AWS\":\"111122223333\"}", null)));
        aws.s3().createBucket(r -> r.bucket("state-store").createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        aws.s3().putBucketVersioning(r -> r.bucket("state-store").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        aws.s3().putObject(r -> r.bucket("state-store").key("c/config"), RequestBody.fromString("v1"));
        aws.s3().putObject(r -> r.bucket("state-store").key("c/config"), RequestBody.fromString("v2"));
        aws.s3().deleteObject(r -> r.bucket("state-store").key("gone"));
        aws.close();
        first.stop();

        SandboxServer second = SandboxServer.start(home, o);
        try {
            assertThat(second.port()).isEqualTo(port);
            assertThat(second.aws().admin().accessKeyId()).isEqualTo(key);
            AwsClients again = new AwsClients(AwsSettings.resolve(null, null, env));
            assertThat(again.iam().getRole(r -> r.roleName("KubernetesAdmin")).role().roleName()).isEqualTo("KubernetesAdmin");
            assertThat(again.s3().getObjectAsBytes(r -> r.bucket("state-store").key("c/config")).asUtf8String()).isEqualTo("v2");
            var versions = again.s3().listObjectVersions(r -> r.bucket("state-store"));
            assertThat(versions.versions()).hasSize(2);
            assertThat(versions.deleteMarkers()).extracting(m -> m.key()).containsExactly("gone");
            assertThat(Files.readString(home.endpointsFile())).contains("\"port\": " + port);
            again.close();
        } finally {
            second.stop();
        }
    }

    // The next three pin AWS's documented behaviour where moto 5.2 answers differently (see AwsCrossCheckTest).

    @Test
    void aNewBucketHasTodaysDefaultEncryptionAndPublicAccessBlock() {
        // S3 encrypts every bucket with SSE-S3 since January 2023 and blocks public access on new buckets since
        // April 2023; moto answers ServerSideEncryptionConfigurationNotFoundError / NoSuchPublicAccessBlockConfiguration.
        String b = AwsWorlds.unique("defaults");
        admin.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        assertThat(admin.s3().getBucketEncryption(r -> r.bucket(b)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        var pab = admin.s3().getPublicAccessBlock(r -> r.bucket(b)).publicAccessBlockConfiguration();
        assertThat(pab.blockPublicAcls() && pab.ignorePublicAcls() && pab.blockPublicPolicy() && pab.restrictPublicBuckets()).isTrue();
        admin.s3().deletePublicAccessBlock(r -> r.bucket(b));
        assertError(() -> admin.s3().getPublicAccessBlock(r -> r.bucket(b)), 404, "NoSuchPublicAccessBlockConfiguration");
    }

    @Test
    void getOfADeleteMarkerVersionIsMethodNotAllowed() {
        // S3 API reference, GetObject: "If the specified version in the request is a delete marker, the response
        // returns a 405 Method Not Allowed error"; moto answers 404 NoSuchVersion.
        String b = AwsWorlds.unique("markers");
        admin.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        admin.s3().putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        admin.s3().putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("x"));
        String marker = admin.s3().deleteObject(r -> r.bucket(b).key("k")).versionId();
        assertError(() -> admin.s3().getObject(r -> r.bucket(b).key("k").versionId(marker)), 405, "MethodNotAllowed");
        assertError(() -> admin.s3().getObject(r -> r.bucket(b).key("k").versionId("0123456789abcdefghijklmnopqrstuv")),
                404, "NoSuchVersion");
    }

    @Test
    void unknownRolesAreWordedAsIamDoes() {
        // moto says "Role x not found" rather than IAM's "The role with name x cannot be found." (bucket names,
        // which the SDK checks itself, are covered in AwsCliTest).
        AwsServiceException e = error(() -> admin.iam().getRole(r -> r.roleName("none")));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name none cannot be found.");
    }

    /** Sends a header-signed request (signed with SigV4 at {@code when}) and returns status and body. */
    static HttpResponse<String> signedAt(String method, String path, String query, String service, String body, Instant when)
            throws Exception {
        var a = em.emulator.admin();
        String amzDate = SigV4Verifier.AMZ_DATE.format(when);
        String day = amzDate.substring(0, 8);
        String host = "127.0.0.1:" + em.endpoint().getPort();
        String payload = io.kopsauth.sigv4.SigV4.sha256Hex(body);
        var headers = new java.util.TreeMap<String, String>(Map.of("host", host, "x-amz-date", amzDate, "x-amz-content-sha256", payload));
        String signed = "host;x-amz-content-sha256;x-amz-date";
        String creq = io.kopsauth.sigv4.SigV4.canonicalRequest(method, path,
                io.kopsauth.sigv4.SigV4.canonicalQuery(AwsRequest.parsePairs(query, false)), headers, signed, payload);
        String scope = io.kopsauth.sigv4.SigV4.scope(day, "us-west-1", service);
        String sig = io.kopsauth.sigv4.SigV4.signature(a.secretAccessKey(), day, "us-west-1", service,
                io.kopsauth.sigv4.SigV4.stringToSign(amzDate, scope, creq));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(em.endpoint() + path + (query.isEmpty() ? "" : "?" + query)))
                .header("x-amz-date", amzDate).header("x-amz-content-sha256", payload)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + a.accessKeyId() + "/" + scope
                        + ", SignedHeaders=" + signed + ", Signature=" + sig)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) b.header("Content-Type", "application/x-www-form-urlencoded");
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsSignedMoreThanFifteenMinutesAwayAreRejected() throws Exception {
        Instant now = em.clock.instant();
        String form = "Action=GetCallerIdentity&Version=2011-06-15";
        assertThat(signedAt("POST", "/", "", "sts", form, now.minus(Duration.ofMinutes(14))).statusCode()).isEqualTo(200);
        HttpResponse<String> old = signedAt("POST", "/", "", "sts", form, now.minus(Duration.ofMinutes(16)));
        assertThat(old.statusCode()).isEqualTo(403);
        assertThat(old.body()).contains("<Type>Sender</Type>", "<Code>SignatureDoesNotMatch</Code>", "Signature expired: ");
        HttpResponse<String> future = signedAt("POST", "/", "", "sts", form, now.plus(Duration.ofMinutes(16)));
        assertThat(future.body()).contains("Signature not yet current: ");
        // The query protocol also takes its parameters from a GET's query string.
        assertThat(signedAt("GET", "/", "Action=ListRoles&Version=2010-05-08", "iam", "", now).body())
                .contains("<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">");
        HttpResponse<String> s3 = signedAt("GET", "/", "", "s3", "", now.minus(Duration.ofMinutes(20)));
        assertThat(s3.statusCode()).isEqualTo(403);
        assertThat(s3.body()).contains("<Code>RequestTimeTooSkewed</Code>");
    }
}
