package io.kopsauth.token;

import java.net.URI;

/**
 * Port: where a token's signing keys, region and STS endpoint come from (the AWS SDK's credential chain and
 * AssumeRole in production). Only called when the token cache has nothing usable.
 */
public interface CredentialSource {

    /**
     * Resolves region, endpoint and keys for the request, assuming its role first if it names one.
     *
     * @throws io.kopsauth.cli.CliException with a cause and a hint when credentials are missing or STS refuses
     */
    Signing resolve(TokenRequest request);

    /**
     * What to sign with.
     *
     * @param region      the signing region (never null)
     * @param stsOverride the configured STS endpoint, or null for the region's public endpoint
     * @param credentials the keys (the assumed role's, with -r)
     */
    record Signing(String region, URI stsOverride, SigningCredentials credentials) {}
}
