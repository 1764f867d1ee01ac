package io.dataflow.pool;

import java.util.Arrays;

/** Connection acquisition times as Hikari reports them, kept until the next drain (bounded: the newest win). */
public final class AcquisitionTimes {

    private static final int CAPACITY = 65_536;
    private final long[] nanos = new long[CAPACITY];
    private long count;

    synchronized void record(long elapsedNanos) {
        nanos[(int) (count++ % CAPACITY)] = elapsedNanos;
    }

    /** The p99 in milliseconds of what was recorded since the last drain (0 when nothing was), and how many. */
    public synchronized Summary drain() {
        int n = (int) Math.min(count, CAPACITY);
        long[] copy = Arrays.copyOf(nanos, n);
        count = 0;
        if (n == 0) return new Summary(0, 0);
        Arrays.sort(copy);
        int index = Math.max(0, (int) Math.ceil(n * 0.99) - 1);
        return new Summary(n, copy[index] / 1e6);
    }

    public record Summary(int acquisitions, double p99Ms) {
    }
}
