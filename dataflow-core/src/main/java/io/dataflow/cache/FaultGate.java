package io.dataflow.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a failing cache server from slowing queries: after a failure the server is skipped for a
 * short back-off, then tried again, so caching resumes by itself when it answers. Failures are
 * counted always and logged at most once per interval, with how many happened since the last line.
 */
final class FaultGate {

    private static final Logger log = LoggerFactory.getLogger(QueryCache.class);
    private static final long BACKOFF_NANOS = 250_000_000L;

    private final long logIntervalNanos;
    private final LongAdder failures = new LongAdder();
    private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong sinceLog = new AtomicLong();
    private volatile boolean available = true;

    FaultGate(java.time.Duration logInterval) {
        this.logIntervalNanos = logInterval.toNanos();
    }

    /** Whether to ask the server now (false during the back-off after a failure). */
    boolean allowed() {
        long until = openUntil.get();
        return until == Long.MIN_VALUE || System.nanoTime() - until >= 0;
    }

    void succeeded() {
        if (!available) {
            available = true;
            openUntil.set(Long.MIN_VALUE);
            log.info("cache server answers again; caching resumed");
        }
    }

    void failed(String what, RuntimeException e) {
        failures.increment();
        available = false;
        long now = System.nanoTime();
        openUntil.set(now + BACKOFF_NANOS);
        long n = sinceLog.incrementAndGet();
        long last = lastLog.get();
        if ((last == Long.MIN_VALUE || now - last >= logIntervalNanos) && lastLog.compareAndSet(last, now)) {
            sinceLog.set(0);
            log.warn("cache server failed during {} ({} failure(s) since the last report; queries go to the database): {}",
                    what, n, e.getMessage());
        }
    }

    boolean available() {
        return available;
    }

    long failures() {
        return failures.sum();
    }
}
