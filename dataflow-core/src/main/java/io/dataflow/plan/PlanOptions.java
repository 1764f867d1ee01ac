package io.dataflow.plan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run EXPLAIN: the guide's {@code analyze_options} plus parameters and a timeout.
 *
 * @param analyze  execute the statement (EXPLAIN ANALYZE; data changes are always rolled back)
 * @param buffers  report buffer usage (with analyze)
 * @param timing   time every node (with analyze; off lowers the overhead on very fast nodes)
 * @param verbose  output columns and schema-qualified names
 * @param timeout  statement timeout of the analysis
 * @param params   values of {@code :name} placeholders (a {@link TypedValue} gives a type explicitly)
 */
public record PlanOptions(boolean analyze, boolean buffers, boolean timing, boolean verbose, Duration timeout,
                          Map<String, Object> params) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public PlanOptions {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    /** ANALYZE, BUFFERS, TIMING, VERBOSE; 30 s timeout; no parameters. */
    public static PlanOptions defaults() {
        return new PlanOptions(true, true, true, true, DEFAULT_TIMEOUT, Map.of());
    }

    public PlanOptions analyze(boolean value) {
        return new PlanOptions(value, buffers, timing, verbose, timeout, params);
    }

    public PlanOptions buffers(boolean value) {
        return new PlanOptions(analyze, value, timing, verbose, timeout, params);
    }

    public PlanOptions timing(boolean value) {
        return new PlanOptions(analyze, buffers, value, verbose, timeout, params);
    }

    public PlanOptions verbose(boolean value) {
        return new PlanOptions(analyze, buffers, timing, value, timeout, params);
    }

    public PlanOptions timeout(Duration value) {
        return new PlanOptions(analyze, buffers, timing, verbose, value, params);
    }

    public PlanOptions params(Map<String, ?> values) {
        return new PlanOptions(analyze, buffers, timing, verbose, timeout, new LinkedHashMap<>(values));
    }

    public PlanOptions param(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(params);
        copy.put(name, value);
        return new PlanOptions(analyze, buffers, timing, verbose, timeout, copy);
    }
}
