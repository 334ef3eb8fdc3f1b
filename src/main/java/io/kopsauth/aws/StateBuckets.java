package io.kopsauth.aws;

import java.util.Map;
import java.util.Optional;

/** The S3 bucket that holds kops' state store and kopsauth's journal mirror. */
public interface StateBuckets {

    /** The tag every bucket kopsauth creates carries. */
    String MANAGED_BY_TAG = "kopsauth:managed-by";

    /** Whether a bucket exists and whether this account may use it. */
    enum Access { MISSING, OURS, FOREIGN }

    /**
     * What we know about a bucket.
     *
     * @param access     missing, ours (this account owns it), or foreign (exists, owned by someone else)
     * @param region     its region when ours, else null
     * @param versioning true if versioning is enabled (ours only)
     * @param tags       its tags (ours only; empty if none)
     */
    record Bucket(Access access, String region, boolean versioning, Map<String, String> tags) {
        public Bucket {
            tags = Map.copyOf(tags);
        }

        public boolean createdByKopsauth() {
            return tags.containsKey(MANAGED_BY_TAG);
        }
    }

    /** Reads the bucket's state; {@code account} is the expected owner. */
    Bucket inspect(String bucket, String account);

    /** Creates it in {@code region} (us-east-1 takes no LocationConstraint). */
    void create(String bucket, String region);

    void enableVersioning(String bucket);

    /** Default encryption SSE-S3 (AES256), as kops recommends. */
    void enableDefaultEncryption(String bucket);

    void blockPublicAccess(String bucket);

    /** Replaces the bucket's tags with {@code tags}. */
    void tag(String bucket, Map<String, String> tags);

    Optional<String> getObject(String bucket, String key);

    void putObject(String bucket, String key, String body);

    /** Creates the object only if no object has that key ({@code If-None-Match: *}); false if one exists. */
    boolean putObjectIfAbsent(String bucket, String key, String body);

    void deleteObject(String bucket, String key);

    /** The top-level folders that hold current objects ({@code "a.k8s.local/"}), and "" for objects at the root. */
    java.util.Set<String> folders(String bucket);

    /** Deletes every object version and delete marker (in batches of 1 000); returns how many. */
    int deleteAllVersions(String bucket);

    void deleteBucket(String bucket);
}
