package io.kopsauth.sandbox.aws;

import io.kopsauth.json.Json;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault injection for reliability tests: a share of requests throttled (IAM/STS {@code Throttling}, S3
 * {@code SlowDown}), a share failed with a 5xx, and latency added to every AWS request. Changeable at run time.
 */
public final class Faults {
    private volatile double throttleRate;
    private volatile double errorRate;
    private volatile long latencyMs;

    /** Sets all three knobs; rates are probabilities in [0, 1], latency is milliseconds ≥ 0. */
    public synchronized void set(double throttleRate, double errorRate, long latencyMs) {
        if (throttleRate < 0 || throttleRate > 1 || errorRate < 0 || errorRate > 1 || latencyMs < 0) {
            throw new IllegalArgumentException("rates must be between 0 and 1 and latency must not be negative");
        }
        this.throttleRate = throttleRate;
        this.errorRate = errorRate;
        this.latencyMs = latencyMs;
    }

    public double throttleRate() {
        return throttleRate;
    }

    public double errorRate() {
        return errorRate;
    }

    public long latencyMs() {
        return latencyMs;
    }

    public Map<String, Object> toJson() {
        return Json.obj("throttleRate", throttleRate, "errorRate", errorRate, "latencyMs", latencyMs);
    }

    /** Sleeps the added latency, then maybe throws the service's throttling or internal error. */
    void apply(String service) {
        long l = latencyMs;
        if (l > 0) {
            try {
                Thread.sleep(l);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean s3 = "s3".equals(service);
        double r = ThreadLocalRandom.current().nextDouble();
        if (r < throttleRate) {
            throw s3 ? new AwsException(503, "SlowDown", "Please reduce your request rate.")
                    : new AwsException(400, "Throttling", "Rate exceeded");
        }
        if (ThreadLocalRandom.current().nextDouble() < errorRate) {
            throw s3 ? new AwsException(500, "InternalError", "We encountered an internal error. Please try again.", false)
                    : new AwsException(500, "InternalFailure",
                    "The request processing has failed because of an unknown error, exception or failure.", false);
        }
    }
}
