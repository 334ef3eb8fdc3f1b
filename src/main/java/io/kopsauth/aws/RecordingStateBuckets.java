package io.kopsauth.aws;

import io.kopsauth.workflow.Action;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The dry run's {@link StateBuckets}: reads go to the real S3, writes are reported as the equivalent AWS CLI
 * command and remembered, so a later read of a bucket the dry run "created" sees it (kops' dry-run target idea).
 */
public final class RecordingStateBuckets implements StateBuckets {
    private final StateBuckets real;
    private final Consumer<Action> sink;
    private final Map<String, Map<String, String>> planned = new HashMap<>();

    public RecordingStateBuckets(StateBuckets real, Consumer<Action> sink) {
        this.real = real;
        this.sink = sink;
    }

    private void record(String text) {
        sink.accept(Action.aws(text, null));
    }

    @Override
    public Bucket inspect(String bucket, String account) {
        if (planned.containsKey(bucket)) return new Bucket(Access.OURS, null, true, planned.get(bucket));
        return real.inspect(bucket, account);
    }

    @Override
    public void create(String bucket, String region) {
        record("aws s3api create-bucket --bucket " + bucket + " --region " + region
                + ("us-east-1".equals(region) ? "" : " --create-bucket-configuration LocationConstraint=" + region));
        planned.put(bucket, Map.of());
    }

    @Override
    public void enableVersioning(String bucket) {
        record("aws s3api put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled");
    }

    @Override
    public void enableDefaultEncryption(String bucket) {
        record("aws s3api put-bucket-encryption --bucket " + bucket + " (SSE-S3, AES256)");
    }

    @Override
    public void blockPublicAccess(String bucket) {
        record("aws s3api put-public-access-block --bucket " + bucket + " (block all public access)");
    }

    @Override
    public void tag(String bucket, Map<String, String> tags) {
        record("aws s3api put-bucket-tagging --bucket " + bucket + " --tagging 'TagSet=["
                + tags.entrySet().stream().map(e -> "{Key=" + e.getKey() + ",Value=" + e.getValue() + "}").collect(Collectors.joining(","))
                + "]'");
        if (planned.containsKey(bucket)) planned.put(bucket, Map.copyOf(tags));
    }

    @Override
    public Optional<String> getObject(String bucket, String key) {
        return planned.containsKey(bucket) ? Optional.empty() : real.getObject(bucket, key);
    }

    @Override
    public java.util.Set<String> folders(String bucket) {
        return planned.containsKey(bucket) ? java.util.Set.of() : real.folders(bucket);
    }

    @Override
    public void putObject(String bucket, String key, String body) {
        record("aws s3 cp - s3://" + bucket + "/" + key);
    }

    @Override
    public boolean putObjectIfAbsent(String bucket, String key, String body) {
        record("aws s3api put-object --bucket " + bucket + " --key " + key + " --if-none-match '*'");
        return true;
    }

    @Override
    public void deleteObject(String bucket, String key) {
        record("aws s3 rm s3://" + bucket + "/" + key);
    }

    @Override
    public int deleteAllVersions(String bucket) {
        record("delete every object version and delete marker in s3://" + bucket + " (s3api delete-objects, 1 000 at a time)");
        return 0;
    }

    @Override
    public void deleteBucket(String bucket) {
        record("aws s3api delete-bucket --bucket " + bucket);
        planned.remove(bucket);
    }
}
