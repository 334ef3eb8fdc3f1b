package io.kopsauth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kopsauth.cli.CliException;
import io.kopsauth.support.AwsWorld;
import io.kopsauth.support.AwsWorlds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SDK adapters over the real wire protocol, against the sandbox's AWS emulator and against moto. */
class SdkAdaptersTest {
    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void identityNamesTheAccount(AwsWorld world) {
        Identity.Caller c = new SdkIdentity(world.clients().sts()).whoAmI();

        assertThat(c.account()).isEqualTo(world.account());
        assertThat(c.arn()).startsWith("arn:aws:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void bucketLifecycle(AwsWorld world) {
        SdkStateBuckets b = new SdkStateBuckets(world.clients().s3());
        String name = AwsWorlds.unique("kopsauth-test");
        assertThat(b.inspect(name, world.account()).access()).isEqualTo(StateBuckets.Access.MISSING);

        b.create(name, "us-west-1");
        b.enableVersioning(name);
        b.enableDefaultEncryption(name);
        b.blockPublicAccess(name);
        b.tag(name, Map.of(StateBuckets.MANAGED_BY_TAG, "kopsauth", "kopsauth:cluster", "c.k8s.local"));

        StateBuckets.Bucket got = b.inspect(name, world.account());
        assertThat(got.access()).isEqualTo(StateBuckets.Access.OURS);
        assertThat(got.versioning()).isTrue();
        assertThat(got.createdByKopsauth()).isTrue();
        assertThat(got.region()).isEqualTo("us-west-1");

        assertThat(b.putObjectIfAbsent(name, "c/kopsauth/lock.json", "{\"a\":1}")).isTrue();
        assertThat(b.putObjectIfAbsent(name, "c/kopsauth/lock.json", "{\"a\":2}")).isFalse();
        assertThat(b.getObject(name, "c/kopsauth/lock.json")).contains("{\"a\":1}");
        b.putObject(name, "c/kopsauth/journal.json", "{}");
        b.putObject(name, "c/kopsauth/journal.json", "{\"v\":2}");
        b.deleteObject(name, "c/kopsauth/lock.json");
        assertThat(b.getObject(name, "c/kopsauth/lock.json")).isEmpty();
        assertThat(b.folders(name)).containsExactly("c/");
        b.putObject(name, "other.k8s.local/config", "x");
        b.putObject(name, "README", "x");
        assertThat(b.folders(name)).containsExactlyInAnyOrder("", "c/", "other.k8s.local/");
        b.deleteObject(name, "other.k8s.local/config");
        b.deleteObject(name, "README");

        assertThat(b.deleteAllVersions(name)).isEqualTo(8); // two journal versions, the lock, two other objects, and three delete markers
        b.deleteBucket(name);
        assertThat(b.inspect(name, world.account()).access()).isEqualTo(StateBuckets.Access.MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void aBucketInUsEast1NeedsNoLocationConstraint(AwsWorld world) {
        String name = AwsWorlds.unique("kopsauth-east");
        SdkStateBuckets b = new SdkStateBuckets(world.clients("us-east-1").s3());

        b.create(name, "us-east-1");

        assertThat(b.inspect(name, world.account()).access()).isEqualTo(StateBuckets.Access.OURS);
        b.deleteBucket(name);
    }

    @Test
    void aBucketOfAnotherAccountIsForeign() {
        AwsWorld world = AwsWorlds.sandbox();
        String name = AwsWorlds.unique("kopsauth-foreign");
        AwsClients foreign = new AwsClients(AwsSettings.resolve(null, "us-west-1", AwsWorlds.foreignEnv()));
        new SdkStateBuckets(foreign.s3()).create(name, "us-west-1");

        assertThat(new SdkStateBuckets(world.clients().s3()).inspect(name, world.account()).access())
                .isEqualTo(StateBuckets.Access.FOREIGN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void roleLifecycle(AwsWorld world) {
        SdkIamRoles r = new SdkIamRoles(world.clients().iam());
        String name = AwsWorlds.unique("KubernetesAdmin");
        assertThat(r.get(name)).isEmpty();

        IamRoles.Role created = r.create(name, POLICY, "kopsauth admin", Map.of("kopsauth:clusters", "a.k8s.local"));
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + world.account() + ":role/" + name);
        r.tag(name, Map.of("kopsauth:managed-by", "kopsauth"));
        r.untag(name, List.of("kopsauth:clusters"));
        r.updateTrustPolicy(name, POLICY.replace("123456789012", "210987654321"));

        IamRoles.Role got = r.get(name).orElseThrow();
        assertThat(got.trustPolicy()).contains("210987654321");
        assertThat(got.tags()).containsEntry("kopsauth:managed-by", "kopsauth").doesNotContainKey("kopsauth:clusters");
        assertThat(r.attachedPolicies(name)).isEmpty();
        assertThat(r.inlinePolicies(name)).isEmpty();
        assertThat(r.instanceProfiles(name)).isEmpty();
        r.delete(name);
        assertThat(r.get(name)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kopsauth.support.AwsWorlds#all")
    void serviceErrorsBecomeMessagesWithAHint(AwsWorld world) {
        SdkIamRoles r = new SdkIamRoles(world.clients().iam());

        assertThatThrownBy(() -> r.delete(AwsWorlds.unique("NoSuchRole")))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("iam:DeleteRole")
                .satisfies(e -> assertThat(((CliException) e).hints()).isNotEmpty());
    }
}
