package io.kopsauth.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSupplier;

/**
 * How to reach AWS, resolved once from flags and the environment the way the AWS CLI does:
 * {@code --profile} > {@code AWS_PROFILE}; {@code --region} > {@code AWS_REGION} > {@code AWS_DEFAULT_REGION} >
 * the profile's region; endpoint from {@code AWS_ENDPOINT_URL} (or a service-specific
 * {@code AWS_ENDPOINT_URL_<SERVICE>}) or the profile's {@code endpoint_url}. Reading from the given environment map
 * rather than the process environment keeps commands testable in-process.
 *
 * @param profile   profile name, or null for the default chain
 * @param region    resolved region, or null if none could be found
 * @param env       the environment to read credentials files and endpoints from
 */
public record AwsSettings(String profile, String region, Map<String, String> env) {

    public static AwsSettings resolve(String profileFlag, String regionFlag, Map<String, String> env) {
        String profile = firstNonBlank(profileFlag, env.get("AWS_PROFILE"), env.get("AWS_DEFAULT_PROFILE"));
        String region = firstNonBlank(regionFlag, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        AwsSettings s = new AwsSettings(profile, region, Map.copyOf(env));
        if (region == null) {
            region = s.profileProperty("region").orElse(null);
            s = new AwsSettings(profile, region, s.env);
        }
        return s;
    }

    /** The endpoint override for a service ("sts", "iam", "s3"), if one is configured. */
    public Optional<URI> endpoint(String service) {
        String specific = env.get("AWS_ENDPOINT_URL_" + service.toUpperCase());
        String v = firstNonBlank(specific, "s3".equals(service) ? env.get("S3_ENDPOINT") : null, env.get("AWS_ENDPOINT_URL"));
        if (v == null) v = profileProperty("endpoint_url").orElse(null);
        return Optional.ofNullable(v).map(URI::create);
    }

    /** A property of the selected profile in the AWS config file, if present. */
    public Optional<String> profileProperty(String key) {
        try {
            ProfileFile pf = profileFile();
            String name = profile == null ? "default" : profile;
            return pf.profile(name).flatMap(p -> p.property(key));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The AWS config + credentials files named by the environment (or the defaults under ~/.aws). */
    public ProfileFile profileFile() {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path config = Path.of(firstNonBlank(env.get("AWS_CONFIG_FILE"), home + "/.aws/config"));
        Path creds = Path.of(firstNonBlank(env.get("AWS_SHARED_CREDENTIALS_FILE"), home + "/.aws/credentials"));
        ProfileFile.Aggregator agg = ProfileFile.aggregator();
        if (config.toFile().isFile()) agg.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        if (creds.toFile().isFile()) agg.addFile(ProfileFile.builder().content(creds).type(ProfileFile.Type.CREDENTIALS).build());
        return agg.build();
    }

    ProfileFileSupplier profileFileSupplier() {
        ProfileFile pf = profileFile();
        return () -> pf;
    }

    private static String firstNonBlank(String... vs) {
        for (String v : vs) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
