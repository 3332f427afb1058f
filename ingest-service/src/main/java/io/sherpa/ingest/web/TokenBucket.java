package io.sherpa.ingest.web;

/**
 * A token bucket: {@code ratePerSecond} tokens added per second up to {@code capacity}. Thread-safe. Time
 * is passed in (nanoseconds) so the bucket is a pure function of its calls.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (ratePerSecond <= 0 || capacity < 1) {
            throw new IllegalArgumentException("rate must be positive and capacity at least 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes {@code n} tokens if there are that many (or, for {@code n} larger than the bucket, if it is full).
     *
     * @return 0 when taken, otherwise the nanoseconds until {@code n} tokens will be there (nothing taken)
     */
    public synchronized long tryTake(int n, long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * ratePerNano);
            lastNanos = nowNanos;
        }
        double needed = Math.min(n, capacity);
        if (tokens >= needed) {
            tokens -= n; // a request larger than the bucket goes into debt that later requests wait out
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) / ratePerNano));
    }

    public double ratePerSecond() {
        return ratePerNano * 1e9;
    }
}
