package io.dataflow.lock;

import io.dataflow.DataFlowException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter between optimistic retries: attempt n sleeps a random time in
 * [0, min(max, base × 2^(n-1))]. The randomness spreads contenders apart so they stop colliding in lock step.
 *
 * @param base the ceiling of the first delay
 * @param max  the ceiling of every delay
 */
public record Backoff(Duration base, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(2), Duration.ofMillis(100));
    public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO);

    public Backoff {
        if (base.isNegative() || max.isNegative()) throw new IllegalArgumentException("backoff durations must not be negative");
    }

    /** The ceiling of the delay before retry {@code attempt} (1 = after the first conflict), in nanoseconds. */
    public long ceilingNanos(int attempt) {
        long ceiling = base.toNanos() << Math.min(Math.max(attempt - 1, 0), 30);
        return Math.min(ceiling < 0 ? Long.MAX_VALUE : ceiling, max.toNanos());
    }

    public long delayNanos(int attempt) {
        long ceiling = ceilingNanos(attempt);
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /** Sleeps before retry {@code attempt}; an interrupt (a cancelled run) ends the update. */
    public void pause(int attempt) {
        long nanos = delayNanos(attempt);
        if (nanos == 0) return;
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataFlowException("interrupted while waiting to retry an optimistic update; nothing more was changed", e);
        }
    }
}
