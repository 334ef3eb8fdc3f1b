package io.kopsauth.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.kopsauth.cli.CliException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/** {@link StateBuckets} on the AWS SDK's S3 client. */
public final class SdkStateBuckets implements StateBuckets {
    private final S3Client s3;

    public SdkStateBuckets(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Bucket inspect(String bucket, String account) {
        HeadBucketResponse head;
        try {
            // ExpectedBucketOwner: S3 answers 403 when another account owns a bucket of that name.
            head = s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(account));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return new Bucket(Access.MISSING, null, false, Map.of());
            if (e.statusCode() == 403) return new Bucket(Access.FOREIGN, null, false, Map.of());
            throw AwsErrors.translate("s3:HeadBucket " + bucket, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("s3:HeadBucket " + bucket, e);
        }
        boolean versioning = AwsErrors.call("s3:GetBucketVersioning " + bucket,
                () -> s3.getBucketVersioning(b -> b.bucket(bucket)).status() == BucketVersioningStatus.ENABLED);
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        } catch (S3Exception e) {
            // A bucket without tags answers NoSuchTagSet.
            if (!"NoSuchTagSet".equals(AwsErrors.code(e)) && e.statusCode() != 404) {
                throw AwsErrors.translate("s3:GetBucketTagging " + bucket, e);
            }
        }
        return new Bucket(Access.OURS, head.bucketRegion(), versioning, tags);
    }

    @Override
    public void create(String bucket, String region) {
        AwsErrors.run("s3:CreateBucket " + bucket, () -> s3.createBucket(b -> {
            b.bucket(bucket);
            // us-east-1 rejects an explicit LocationConstraint; every other region requires one.
            if (!"us-east-1".equals(region)) b.createBucketConfiguration(c -> c.locationConstraint(region));
        }));
    }

    @Override
    public void enableVersioning(String bucket) {
        AwsErrors.run("s3:PutBucketVersioning " + bucket, () -> s3.putBucketVersioning(b -> b.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
    }

    @Override
    public void enableDefaultEncryption(String bucket) {
        AwsErrors.run("s3:PutBucketEncryption " + bucket, () -> s3.putBucketEncryption(b -> b.bucket(bucket)
                .serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(
                        d -> d.sseAlgorithm(ServerSideEncryption.AES256))))));
    }

    @Override
    public void blockPublicAccess(String bucket) {
        AwsErrors.run("s3:PutPublicAccessBlock " + bucket, () -> s3.putPublicAccessBlock(b -> b.bucket(bucket)
                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                        .blockPublicPolicy(true).restrictPublicBuckets(true))));
    }

    @Override
    public void tag(String bucket, Map<String, String> tags) {
        List<Tag> ts = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        AwsErrors.run("s3:PutBucketTagging " + bucket, () -> s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(ts))));
    }

    @Override
    public Optional<String> getObject(String bucket, String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw AwsErrors.translate("s3:GetObject s3://" + bucket + "/" + key, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("s3:GetObject s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public void putObject(String bucket, String key, String body) {
        AwsErrors.run("s3:PutObject s3://" + bucket + "/" + key,
                () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(body)));
    }

    @Override
    public boolean putObjectIfAbsent(String bucket, String key, String body) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*").contentType("application/json"), RequestBody.fromString(body));
            return true;
        } catch (S3Exception e) {
            // 412 PreconditionFailed: the object exists; 409 ConditionalRequestConflict: a concurrent write won.
            if (e.statusCode() == 412 || e.statusCode() == 409) return false;
            throw AwsErrors.translate("s3:PutObject (If-None-Match) s3://" + bucket + "/" + key, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("s3:PutObject (If-None-Match) s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public void deleteObject(String bucket, String key) {
        AwsErrors.run("s3:DeleteObject s3://" + bucket + "/" + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public java.util.Set<String> folders(String bucket) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        // ListObjectsV2 with a delimiter: one common prefix per folder, plain keys for objects at the root.
        for (var page : AwsErrors.call("s3:ListObjectsV2 " + bucket, () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).delimiter("/")))) {
            page.commonPrefixes().forEach(p -> out.add(p.prefix()));
            if (!page.contents().isEmpty()) out.add("");
        }
        return out;
    }

    @Override
    public int deleteAllVersions(String bucket) {
        int deleted = 0;
        while (true) {
            // Always list from the start: what the last page listed is deleted by now, and a version-id marker that
            // names a deleted version is rejected ("Invalid version id specified").
            ListObjectVersionsResponse page = AwsErrors.call("s3:ListObjectVersions " + bucket,
                    () -> s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(1000)));
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
            // DeleteObjects takes at most 1 000 keys per request.
            for (int i = 0; i < ids.size(); i += 1000) {
                List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
                DeleteObjectsResponse r = AwsErrors.call("s3:DeleteObjects " + bucket, () -> s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(d -> d.objects(batch).quiet(true))));
                // Quiet mode reports only failures; one left behind would be listed again forever.
                if (r.hasErrors() && !r.errors().isEmpty()) {
                    S3Error e = r.errors().get(0);
                    throw CliException.failed("s3:DeleteObjects " + bucket + " could not delete " + r.errors().size() + " object versions, e.g. "
                            + e.key() + " (" + e.versionId() + "): " + e.code() + ": " + e.message(),
                            "check the bucket's object lock and policies, then re-run the same command");
                }
                deleted += batch.size();
            }
            if (ids.isEmpty() || !Boolean.TRUE.equals(page.isTruncated())) return deleted;
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        AwsErrors.run("s3:DeleteBucket " + bucket, () -> s3.deleteBucket(b -> b.bucket(bucket)));
    }
}
