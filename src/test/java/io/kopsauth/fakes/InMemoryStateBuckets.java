package io.kopsauth.fakes;

import io.kopsauth.aws.StateBuckets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A stateful in-memory S3 for unit tests; counts bucket creations to catch duplicates. */
public final class InMemoryStateBuckets implements StateBuckets {
    /** One bucket's state. */
    public static final class Data {
        public String region;
        public boolean versioning;
        public boolean encrypted;
        public boolean publicAccessBlocked;
        public Map<String, String> tags = new LinkedHashMap<>();
        public final Map<String, String> objects = new HashMap<>();
    }

    public final Map<String, Data> buckets = new HashMap<>();
    public final Set<String> foreign = new HashSet<>();
    public int creates;

    @Override
    public synchronized Bucket inspect(String bucket, String account) {
        if (foreign.contains(bucket)) return new Bucket(Access.FOREIGN, null, false, Map.of());
        Data d = buckets.get(bucket);
        if (d == null) return new Bucket(Access.MISSING, null, false, Map.of());
        return new Bucket(Access.OURS, d.region, d.versioning, d.tags);
    }

    private Data data(String bucket) {
        Data d = buckets.get(bucket);
        if (d == null) throw new IllegalStateException("NoSuchBucket " + bucket);
        return d;
    }

    @Override
    public synchronized void create(String bucket, String region) {
        if (buckets.containsKey(bucket)) throw new IllegalStateException("BucketAlreadyOwnedByYou " + bucket);
        Data d = new Data();
        d.region = region;
        buckets.put(bucket, d);
        creates++;
    }

    @Override
    public synchronized void enableVersioning(String bucket) {
        data(bucket).versioning = true;
    }

    @Override
    public synchronized void enableDefaultEncryption(String bucket) {
        data(bucket).encrypted = true;
    }

    @Override
    public synchronized void blockPublicAccess(String bucket) {
        data(bucket).publicAccessBlocked = true;
    }

    @Override
    public synchronized void tag(String bucket, Map<String, String> tags) {
        data(bucket).tags = new LinkedHashMap<>(tags);
    }

    @Override
    public synchronized Optional<String> getObject(String bucket, String key) {
        return Optional.ofNullable(data(bucket).objects.get(key));
    }

    @Override
    public synchronized void putObject(String bucket, String key, String body) {
        data(bucket).objects.put(key, body);
    }

    @Override
    public synchronized boolean putObjectIfAbsent(String bucket, String key, String body) {
        return data(bucket).objects.putIfAbsent(key, body) == null;
    }

    @Override
    public synchronized void deleteObject(String bucket, String key) {
        data(bucket).objects.remove(key);
    }

    @Override
    public synchronized java.util.Set<String> folders(String bucket) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String k : data(bucket).objects.keySet()) out.add(k.contains("/") ? k.substring(0, k.indexOf('/') + 1) : "");
        return out;
    }

    @Override
    public synchronized int deleteAllVersions(String bucket) {
        int n = data(bucket).objects.size();
        data(bucket).objects.clear();
        return n;
    }

    @Override
    public synchronized void deleteBucket(String bucket) {
        buckets.remove(bucket);
    }
}
