package io.kopsauth.token;

import java.time.Instant;

/**
 * The AWS keys a token is signed with, independent of any SDK type so that signing and caching never load the SDK.
 *
 * @param accessKeyId     access key id (AKIA… or ASIA…)
 * @param secretAccessKey secret access key
 * @param sessionToken    session token of temporary credentials, or null
 * @param expiration      when temporary credentials expire, or null if unknown or long-term
 */
public record SigningCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    @Override
    public String toString() {
        return "SigningCredentials[" + accessKeyId + ", secret and session token redacted, expiration=" + expiration + "]";
    }
}
