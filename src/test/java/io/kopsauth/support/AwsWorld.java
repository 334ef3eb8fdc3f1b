package io.kopsauth.support;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import java.net.URI;
import java.util.Map;

/**
 * One AWS to test against: the sandbox's emulator or moto. {@code env} holds what an AWS SDK, the AWS CLI or
 * kopsauth needs (credentials or profile files, region, endpoint); {@link #clients()} builds SDK clients from it
 * exactly as kopsauth does.
 *
 * @param name     "sandbox" or "moto" (shown as the parameterized test's name)
 * @param endpoint the endpoint URL for every service
 * @param account  the account the credentials belong to
 * @param env      environment variables for SDKs and child processes (no PATH)
 */
public record AwsWorld(String name, URI endpoint, String account, Map<String, String> env) {

    public boolean isSandbox() {
        return name.equals("sandbox");
    }

    public boolean isMoto() {
        return name.equals("moto");
    }

    /** New SDK clients for this world (close them after use). */
    public AwsClients clients() {
        return new AwsClients(AwsSettings.resolve(null, null, env));
    }

    /** New SDK clients for another region of this world. */
    public AwsClients clients(String region) {
        return new AwsClients(AwsSettings.resolve(null, region, env));
    }

    @Override
    public String toString() {
        return name;
    }
}
