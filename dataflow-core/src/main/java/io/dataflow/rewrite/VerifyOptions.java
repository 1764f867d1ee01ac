package io.dataflow.rewrite;

import java.time.Duration;

/**
 * How the verifier runs the two queries.
 *
 * @param timeout  statement timeout of every run (the original stops there: "> timeout")
 * @param runs     timed runs of each query; the median is reported
 * @param maxRows  rows compared at most (more: verification refused, with a warning)
 */
public record VerifyOptions(Duration timeout, int runs, int maxRows) {

    public VerifyOptions {
        if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("timeout must be positive");
        if (runs < 1) throw new IllegalArgumentException("runs must be at least 1");
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be at least 1");
    }

    /** 30 s timeout, 3 runs, up to 1,000,000 rows. */
    public static VerifyOptions defaults() {
        return new VerifyOptions(Duration.ofSeconds(30), 3, 1_000_000);
    }

    public VerifyOptions timeout(Duration value) {
        return new VerifyOptions(value, runs, maxRows);
    }

    public VerifyOptions runs(int value) {
        return new VerifyOptions(timeout, value, maxRows);
    }

    public VerifyOptions maxRows(int value) {
        return new VerifyOptions(timeout, runs, value);
    }
}
