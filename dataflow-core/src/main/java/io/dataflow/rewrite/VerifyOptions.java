package io.dataflow.rewrite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import java.time.Duration;

/**
 * How the verifier runs the two queries.
 *
 * @param timeout  statement timeout of every run (the original stops there: "> timeout")
 * @param runs     timed runs of each query; the median is reported
 * @param maxRows  rows compared at most (more: verification refused, with a warning)
 * @param params   values of the queries' {@code :name} placeholders, bound (never spliced) in both queries
 */
public record VerifyOptions(Duration timeout, int runs, int maxRows, Map<String, Object> params) {

    public VerifyOptions(Duration timeout, int runs, int maxRows) {
        this(timeout, runs, maxRows, Map.of());
    }

    public VerifyOptions {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("timeout must be positive");
        if (runs < 1) throw new IllegalArgumentException("runs must be at least 1");
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be at least 1");
    }

    /** 30 s timeout, 3 runs, up to 1,000,000 rows. */
    public static VerifyOptions defaults() {
        return new VerifyOptions(Duration.ofSeconds(30), 3, 1_000_000);
    }

    public VerifyOptions timeout(Duration value) {
        return new VerifyOptions(value, runs, maxRows, params);
    }

    public VerifyOptions runs(int value) {
        return new VerifyOptions(timeout, value, maxRows, params);
    }

    public VerifyOptions maxRows(int value) {
        return new VerifyOptions(timeout, runs, value, params);
    }

    /** The value of placeholder {@code :name}; text takes the type of the column it is compared with. */
    public VerifyOptions param(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(params);
        copy.put(name, value);
        return new VerifyOptions(timeout, runs, maxRows, copy);
    }

    /** Every placeholder's value at once (replacing those given before). */
    public VerifyOptions params(Map<String, ?> values) {
        return new VerifyOptions(timeout, runs, maxRows, new LinkedHashMap<>(values));
    }
}
