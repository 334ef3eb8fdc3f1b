package io.kopsauth.setup;

import io.kopsauth.aws.StateBuckets;
import io.kopsauth.cli.CliException;
import io.kopsauth.json.Json;
import io.kopsauth.workflow.Journal;
import io.kopsauth.workflow.RunState;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Mirrors the journal to {@code s3://<bucket>/<cluster>/kopsauth/journal.json} once this run has seen the state
 * bucket exist, so
 * a colleague (or another machine) can see and resume the run; and holds a lock object beside it, created with
 * {@code If-None-Match: *} before the first mirror write and deleted on close, so two operators cannot run setup
 * on one cluster at once. A lock left by a killed run on this machine (its process is gone) is taken over; any
 * other held lock stops the run with who holds it and since when.
 */
public final class S3JournalMirror implements Journal {
    private final StateBuckets buckets;
    private final String owner;
    private final long pid;
    private final Clock clock;
    private final java.time.Instant started;
    private String lockBucket;
    private String lockKey;

    /**
     * @param owner who we are, for a colleague reading the lock ("alice@laptop")
     * @param pid   this process's id
     */
    public S3JournalMirror(StateBuckets buckets, String owner, long pid, Clock clock) {
        this.buckets = buckets;
        this.owner = owner;
        this.pid = pid;
        this.clock = clock;
        this.started = clock.instant();
    }

    static String prefix(String cluster) {
        return cluster + "/kopsauth/";
    }

    /** The keys this mirror may have written for a cluster (the journal and the lock), for teardown to remove. */
    public static java.util.List<String> keys(String cluster) {
        return java.util.List.of(prefix(cluster) + "journal.json", prefix(cluster) + "lock.json");
    }

    @Override
    public synchronized void save(RunState state) {
        Optional<String> cluster = state.cluster();
        Optional<String> bucket = state.value(Values.STATE_BUCKET);
        // Only once the bucket step has succeeded in this run is the bucket known to exist (trust reality, not
        // an old journal: the bucket may have been deleted since). Until then the run has changed nothing.
        boolean bucketReady = state.step(CreateStateBucketStep.ID)
                .filter(r -> !r.at().isBefore(started))
                .map(r -> r.status().equals("applied") || r.status().equals("already-done")).orElse(false);
        if (cluster.isEmpty() || bucket.isEmpty() || !bucketReady) return;
        if (lockKey == null) lock(bucket.get(), cluster.get());
        buckets.putObject(bucket.get(), prefix(cluster.get()) + "journal.json", state.toJsonText());
    }

    private void lock(String bucket, String cluster) {
        String key = prefix(cluster) + "lock.json";
        String hostname = hostname();
        String body = Json.write(Json.obj("owner", owner, "host", hostname, "pid", pid, "since", clock.instant().toString()));
        for (int attempt = 0; attempt < 2; attempt++) {
            if (buckets.putObjectIfAbsent(bucket, key, body)) {
                lockBucket = bucket;
                lockKey = key;
                return;
            }
            Optional<String> held = buckets.getObject(bucket, key);
            if (held.isEmpty()) continue; // released in between
            Map<String, Object> h;
            try {
                h = Json.parseObject(held.get());
            } catch (RuntimeException e) {
                h = Map.of();
            }
            boolean sameHost = hostname.equals(h.get("host"));
            long heldPid = h.get("pid") instanceof Number n ? n.longValue() : -1;
            if (sameHost && (heldPid == pid || ProcessHandle.of(heldPid).map(ProcessHandle::isAlive).orElse(false) == false)) {
                // Our own earlier lock, or one left by a run on this machine that was killed: take it over.
                buckets.deleteObject(bucket, key);
                continue;
            }
            throw CliException.failed("another kopsauth run is working on cluster " + cluster + ": the lock s3://" + bucket + "/" + key
                            + " is held by " + h.getOrDefault("owner", "?") + " on " + h.getOrDefault("host", "?")
                            + " (pid " + h.getOrDefault("pid", "?") + ") since " + h.getOrDefault("since", "?"),
                    "wait for that run to finish and re-run the same command",
                    "if that run is dead (its machine crashed), delete the lock: aws s3 rm s3://" + bucket + "/" + key);
        }
        throw CliException.failed("could not take the lock s3://" + bucket + "/" + key, "re-run the same command");
    }

    /** Releases the lock, if held. */
    @Override
    public synchronized void close() {
        if (lockKey != null) {
            buckets.deleteObject(lockBucket, lockKey);
            lockKey = null;
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
