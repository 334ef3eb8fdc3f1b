package io.kopsauth.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.support.AwsWorld;
import io.kopsauth.support.AwsWorlds;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The same SDK calls against the sandbox's emulator and against moto, asserting AWS's documented answers; a
 * difference between the two worlds fails one of them. (Behaviour moto does not implement, such as signature
 * checks and policy-document validation, is covered by {@link AwsEmulatorTest}.) Differences found so far, where
 * moto departs from AWS's documentation: moto lists deleted keys in quiet-mode DeleteObjects, accepts trust
 * policies that are not JSON, needs MOTO_IAM_LOAD_MANAGED_POLICIES for AWS-managed policies, has no default
 * bucket encryption or public access block, answers NoSuchVersion for a delete marker's version (S3: 405),
 * accepts invalid bucket names, and words NoSuchEntity differently. Those are pinned in AwsEmulatorTest.
 */
class AwsCrossCheckTest {
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String INLINE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

    static AwsServiceException error(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e;
        }
        throw new AssertionError("expected an AWS error");
    }

    static void assertError(Runnable call, int status, String code) {
        AwsServiceException e = error(call);
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void getCallerIdentityNamesTheAccount(AwsWorld world) {
        AwsClients aws = world.clients();
        var id = aws.sts().getCallerIdentity();
        assertThat(id.account()).isEqualTo(world.account());
        assertThat(id.arn()).startsWith("arn:aws:").contains(world.account());
        assertThat(id.userId()).isNotBlank();
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void roleLifecycle(AwsWorld world) {
        AwsClients aws = world.clients();
        IamClient iam = aws.iam();
        String name = AwsWorlds.unique("Admin");
        String trust = String.format(TRUST, world.account());
        Role created = iam.createRole(r -> r.roleName(name).path("/kopsauth/").description("test role")
                .assumeRolePolicyDocument(trust).tags(Tag.builder().key("owner").value("kopsauth").build())).role();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + world.account() + ":role/kopsauth/" + name);
        assertThat(created.roleId()).startsWith("AROA");
        assertThat(created.path()).isEqualTo("/kopsauth/");

        Role got = iam.getRole(r -> r.roleName(name)).role();
        assertThat(got.arn()).isEqualTo(created.arn());
        assertThat(got.description()).isEqualTo("test role");
        assertThat(got.maxSessionDuration()).isEqualTo(3600);
        // IAM answers the trust policy URL-encoded.
        assertThat(URLDecoder.decode(got.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(trust);
        assertThat(got.tags()).extracting(Tag::key, Tag::value).containsExactly(org.assertj.core.groups.Tuple.tuple("owner", "kopsauth"));

        assertError(() -> iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)), 409, "EntityAlreadyExists");
        assertError(() -> iam.getRole(r -> r.roleName(name + "-missing")), 404, "NoSuchEntity");

        iam.tagRole(r -> r.roleName(name).tags(Tag.builder().key("env").value("dev").build()));
        assertThat(iam.listRoleTags(r -> r.roleName(name)).tags()).extracting(Tag::key).containsExactlyInAnyOrder("owner", "env");
        iam.untagRole(r -> r.roleName(name).tagKeys("owner"));
        assertThat(iam.listRoleTags(r -> r.roleName(name)).tags()).extracting(Tag::key).containsExactly("env");

        String updated = trust.replace("sts:AssumeRole", "sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}},\"Sid\":\"x");
        iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(updated));
        assertThat(URLDecoder.decode(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(updated);

        iam.putRolePolicy(r -> r.roleName(name).policyName("read").policyDocument(INLINE));
        assertThat(iam.listRolePolicies(r -> r.roleName(name)).policyNames()).containsExactly("read");
        String managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        iam.attachRolePolicy(r -> r.roleName(name).policyArn(managed));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies())
                .extracting(p -> p.policyArn(), p -> p.policyName())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(managed, "ReadOnlyAccess"));

        String profile = AwsWorlds.unique("profile");
        iam.createInstanceProfile(r -> r.instanceProfileName(profile));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profile).roleName(name));
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName(name)).instanceProfiles())
                .extracting(p -> p.instanceProfileName()).containsExactly(profile);

        assertError(() -> iam.deleteRole(r -> r.roleName(name)), 409, "DeleteConflict");
        iam.detachRolePolicy(r -> r.roleName(name).policyArn(managed));
        assertError(() -> iam.deleteRole(r -> r.roleName(name)), 409, "DeleteConflict");
        iam.deleteRolePolicy(r -> r.roleName(name).policyName("read"));
        assertError(() -> iam.deleteRole(r -> r.roleName(name)), 409, "DeleteConflict");
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profile).roleName(name));
        iam.deleteInstanceProfile(r -> r.instanceProfileName(profile));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies()).isEmpty();
        assertThat(iam.listRolePolicies(r -> r.roleName(name)).policyNames()).isEmpty();
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName(name)).instanceProfiles()).isEmpty();

        iam.deleteRole(r -> r.roleName(name));
        assertError(() -> iam.getRole(r -> r.roleName(name)), 404, "NoSuchEntity");
        assertError(() -> iam.deleteRole(r -> r.roleName(name)), 404, "NoSuchEntity");
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void listRolesPagesWithMarkers(AwsWorld world) {
        AwsClients aws = world.clients();
        String path = "/" + AwsWorlds.unique("page") + "/";
        for (int i = 0; i < 3; i++) {
            String n = AwsWorlds.unique("R" + i);
            aws.iam().createRole(r -> r.roleName(n).path(path).assumeRolePolicyDocument(String.format(TRUST, world.account())));
        }
        var first = aws.iam().listRoles(r -> r.pathPrefix(path).maxItems(2));
        assertThat(first.roles()).hasSize(2);
        assertThat(first.isTruncated()).isTrue();
        var second = aws.iam().listRoles(r -> r.pathPrefix(path).maxItems(2).marker(first.marker()));
        assertThat(second.roles()).hasSize(1);
        assertThat(second.isTruncated()).isFalse();
        assertThat(aws.iam().listRolesPaginator(r -> r.pathPrefix(path)).roles().stream().count()).isEqualTo(3);
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void createBucketFollowsTheLocationConstraintRules(AwsWorld world) {
        AwsClients west = world.clients("us-west-1");
        AwsClients east = world.clients("us-east-1");
        String b = AwsWorlds.unique("kopsauth-state");
        // A regional endpoint needs a matching LocationConstraint (the SDK fills in its own region when none is
        // given, so the missing-constraint case is covered with the AWS CLI in AwsCliTest)…
        assertError(() -> west.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))),
                400, "IllegalLocationConstraintException");
        west.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.US_WEST_1)));
        assertThat(west.s3().getBucketLocation(r -> r.bucket(b)).locationConstraintAsString()).isEqualTo("us-west-1");
        assertError(() -> west.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint("us-west-1"))),
                409, "BucketAlreadyOwnedByYou");
        west.s3().headBucket(r -> r.bucket(b));
        assertError(() -> west.s3().headBucket(r -> r.bucket(b + "-missing")), 404, "NoSuchBucket");

        // …us-east-1 takes none, rejects an explicit one, and answers a repeated create with 200.
        String e = AwsWorlds.unique("kopsauth-east");
        assertError(() -> east.s3().createBucket(r -> r.bucket(e).createBucketConfiguration(c -> c.locationConstraint("us-east-1"))),
                400, "InvalidLocationConstraint");
        east.s3().createBucket(r -> r.bucket(e));
        east.s3().createBucket(r -> r.bucket(e));
        assertThat(east.s3().getBucketLocation(r -> r.bucket(e)).locationConstraintAsString()).isEmpty();
        assertThat(east.s3().listBuckets().buckets()).extracting(x -> x.name()).contains(b, e);
        east.s3().deleteBucket(r -> r.bucket(e));
        west.s3().deleteBucket(r -> r.bucket(b));
        assertError(() -> west.s3().deleteBucket(r -> r.bucket(b)), 404, "NoSuchBucket");
        west.close();
        east.close();
    }

    static String newBucket(AwsClients aws) {
        String b = AwsWorlds.unique("kopsauth-test");
        aws.s3().createBucket(r -> r.bucket(b).createBucketConfiguration(c -> c.locationConstraint(aws.region())));
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void bucketSettingsRoundTrip(AwsWorld world) {
        AwsClients aws = world.clients();
        S3Client s3 = aws.s3();
        String b = newBucket(aws);
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isNull();
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isEqualTo(BucketVersioningStatus.ENABLED);

        s3.putBucketEncryption(r -> r.bucket(b).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        assertThat(s3.getBucketEncryption(r -> r.bucket(b)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);

        s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        var pab = s3.getPublicAccessBlock(r -> r.bucket(b)).publicAccessBlockConfiguration();
        assertThat(List.of(pab.blockPublicAcls(), pab.ignorePublicAcls(), pab.blockPublicPolicy(), pab.restrictPublicBuckets()))
                .containsOnly(true);

        assertError(() -> s3.getBucketTagging(r -> r.bucket(b)), 404, "NoSuchTagSet");
        s3.putBucketTagging(r -> r.bucket(b).tagging(t -> t.tagSet(
                software.amazon.awssdk.services.s3.model.Tag.builder().key("KubernetesCluster").value("c1").build())));
        assertThat(s3.getBucketTagging(r -> r.bucket(b)).tagSet()).extracting(t -> t.key() + "=" + t.value())
                .containsExactly("KubernetesCluster=c1");
        s3.deleteBucket(r -> r.bucket(b));
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void versionedObjectsAndDeleteMarkers(AwsWorld world) {
        AwsClients aws = world.clients();
        S3Client s3 = aws.s3();
        String b = newBucket(aws);
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        PutObjectResponse v1 = s3.putObject(r -> r.bucket(b).key("c1/config").contentType("text/yaml"), RequestBody.fromString("one"));
        PutObjectResponse v2 = s3.putObject(r -> r.bucket(b).key("c1/config"), RequestBody.fromString("two"));
        assertThat(v1.versionId()).isNotBlank().isNotEqualTo(v2.versionId());
        assertThat(v1.eTag()).isEqualTo("\"f97c5d29941bfb1b2fdab0874906ab82\"");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("c1/config")).asUtf8String()).isEqualTo("two");
        var one = s3.getObjectAsBytes(r -> r.bucket(b).key("c1/config").versionId(v1.versionId()));
        assertThat(one.asUtf8String()).isEqualTo("one");
        assertThat(one.response().contentType()).isEqualTo("text/yaml");
        assertThat(s3.headObject(r -> r.bucket(b).key("c1/config")).contentLength()).isEqualTo(3);

        DeleteObjectResponse marker = s3.deleteObject(r -> r.bucket(b).key("c1/config"));
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(marker.versionId()).isNotBlank();
        assertError(() -> s3.getObject(r -> r.bucket(b).key("c1/config")), 404, "NoSuchKey");
        assertError(() -> s3.headObject(r -> r.bucket(b).key("c1/config")), 404, "NoSuchKey");

        ListObjectVersionsResponse versions = s3.listObjectVersions(r -> r.bucket(b));
        assertThat(versions.versions()).extracting(v -> v.versionId()).containsExactly(v2.versionId(), v1.versionId());
        assertThat(versions.deleteMarkers()).extracting(m -> m.versionId(), m -> m.isLatest())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(marker.versionId(), true));
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).isEmpty();
        assertError(() -> s3.deleteBucket(r -> r.bucket(b)), 409, "BucketNotEmpty");

        // Deleting the marker brings the object back.
        s3.deleteObject(r -> r.bucket(b).key("c1/config").versionId(marker.versionId()));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("c1/config")).asUtf8String()).isEqualTo("two");

        var deleted = s3.deleteObjects(r -> r.bucket(b).delete(d -> d.objects(
                ObjectIdentifier.builder().key("c1/config").versionId(v1.versionId()).build(),
                ObjectIdentifier.builder().key("c1/config").versionId(v2.versionId()).build())));
        assertThat(deleted.deleted()).extracting(x -> x.versionId()).containsExactlyInAnyOrder(v1.versionId(), v2.versionId());
        assertThat(deleted.errors()).isEmpty();
        assertThat(s3.listObjectVersions(r -> r.bucket(b)).versions()).isEmpty();
        s3.deleteBucket(r -> r.bucket(b));
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void conditionalWritesAnswer412(AwsWorld world) {
        AwsClients aws = world.clients();
        S3Client s3 = aws.s3();
        String b = newBucket(aws);
        PutObjectResponse first = s3.putObject(r -> r.bucket(b).key("lock").ifNoneMatch("*"), RequestBody.fromString("a"));
        assertError(() -> s3.putObject(r -> r.bucket(b).key("lock").ifNoneMatch("*"), RequestBody.fromString("b")),
                412, "PreconditionFailed");
        assertError(() -> s3.putObject(r -> r.bucket(b).key("lock").ifMatch("\"0123456789abcdef0123456789abcdef\""),
                RequestBody.fromString("c")), 412, "PreconditionFailed");
        s3.putObject(r -> r.bucket(b).key("lock").ifMatch(first.eTag()), RequestBody.fromString("d"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("lock")).asUtf8String()).isEqualTo("d");
        s3.deleteObject(r -> r.bucket(b).key("lock"));
        s3.deleteBucket(r -> r.bucket(b));
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void listObjectsV2WithPrefixDelimiterAndContinuation(AwsWorld world) {
        AwsClients aws = world.clients();
        S3Client s3 = aws.s3();
        String b = newBucket(aws);
        for (String k : List.of("c1/config", "c1/instancegroup/nodes", "c1/instancegroup/master", "c2/config", "top")) {
            s3.putObject(r -> r.bucket(b).key(k), RequestBody.fromString(k));
        }
        ListObjectsV2Response root = s3.listObjectsV2(r -> r.bucket(b).delimiter("/"));
        assertThat(root.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("c1/", "c2/");
        assertThat(root.contents()).extracting(o -> o.key()).containsExactly("top");
        assertThat(root.keyCount()).isEqualTo(3);

        ListObjectsV2Response c1 = s3.listObjectsV2(r -> r.bucket(b).prefix("c1/"));
        assertThat(c1.contents()).extracting(o -> o.key())
                .containsExactly("c1/config", "c1/instancegroup/master", "c1/instancegroup/nodes");
        assertThat(c1.contents().get(0).size()).isEqualTo(9);

        ListObjectsV2Response page1 = s3.listObjectsV2(r -> r.bucket(b).maxKeys(2));
        assertThat(page1.isTruncated()).isTrue();
        assertThat(page1.contents()).hasSize(2);
        ListObjectsV2Response page2 = s3.listObjectsV2(r -> r.bucket(b).maxKeys(2).continuationToken(page1.nextContinuationToken()));
        assertThat(page2.contents()).extracting(o -> o.key()).containsExactly("c1/instancegroup/nodes", "c2/config");
        assertThat(s3.listObjectsV2Paginator(r -> r.bucket(b).maxKeys(2)).contents().stream().map(o -> o.key())
                .collect(Collectors.toList())).hasSize(5);

        var del = s3.deleteObjects(r -> r.bucket(b).delete(d -> d.quiet(true).objects(
                root.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList())));
        // Quiet mode reports errors only (S3 API reference, DeleteObjects); moto 5.2 lists the deleted keys anyway.
        if (!world.isMoto()) assertThat(del.deleted()).isEmpty();
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).keyCount()).isEqualTo(4);
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void unversionedBucketsKeepOneNullVersion(AwsWorld world) {
        AwsClients aws = world.clients();
        S3Client s3 = aws.s3();
        String b = newBucket(aws);
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("1"));
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("2"));
        var versions = s3.listObjectVersions(r -> r.bucket(b));
        assertThat(versions.versions()).extracting(v -> v.versionId(), v -> v.isLatest())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("null", true));
        DeleteObjectResponse d = s3.deleteObject(r -> r.bucket(b).key("k"));
        assertThat(d.deleteMarker()).isNull();
        assertThat(s3.listObjectVersions(r -> r.bucket(b)).versions()).isEmpty();
        assertError(() -> s3.getObject(r -> r.bucket(b).key("k")), 404, "NoSuchKey");
        s3.deleteBucket(r -> r.bucket(b));
        aws.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void listObjectVersionsPagesWithKeyAndVersionIdMarkers(AwsWorld world) {
        AwsClients aws = world.clients();
        S3Client s3 = aws.s3();
        String b = newBucket(aws);
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        List<String> expected = new java.util.ArrayList<>();
        for (String k : List.of("a", "b", "c")) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) ids.add(0, s3.putObject(r -> r.bucket(b).key(k), RequestBody.fromString(k)).versionId());
            ids.forEach(id -> expected.add(k + "@" + id));
        }
        ListObjectVersionsResponse first = s3.listObjectVersions(r -> r.bucket(b).maxKeys(4));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.versions()).hasSize(4);
        assertThat(first.nextKeyMarker()).isEqualTo("b");
        assertThat(first.nextVersionIdMarker()).isEqualTo(first.versions().get(3).versionId());
        List<String> all = new java.util.ArrayList<>();
        String keyMarker = null;
        String vidMarker = null;
        while (true) {
            String km = keyMarker;
            String vm = vidMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(r -> r.bucket(b).maxKeys(4).keyMarker(km).versionIdMarker(vm));
            page.versions().forEach(v -> all.add(v.key() + "@" + v.versionId()));
            if (!page.isTruncated()) break;
            keyMarker = page.nextKeyMarker();
            vidMarker = page.nextVersionIdMarker();
        }
        assertThat(all).containsExactlyElementsOf(expected);
        aws.close();
    }
}
