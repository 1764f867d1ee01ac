package io.dataflow.rewrite.nodes;

import io.dataflow.Json;
import io.dataflow.config.ConfigReader;
import io.dataflow.rewrite.RewriteException;
import io.dataflow.rewrite.RewriteReport;
import io.dataflow.rewrite.Rewriter;
import io.dataflow.rewrite.VerifyOptions;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the rewrite nodes share: output keys, verification keys, and SQL checked before anything runs. */
final class RewriteNodeOutputs {

    static final Set<String> KEYS = Set.of("original", "rewritten", "transformations", "equivalent", "verified", "cost_before", "cost_after",
            "time_before_ms", "time_after_ms", "speedup", "warnings", "timed_out_before", "first_difference", "rejected", "supplied");

    static final KeySpec VERIFY = KeySpec.optional("verify", ValueType.BOOLEAN, true,
            "run original and rewrite read-only and compare results, costs and times (false: returned unverified)");
    static final KeySpec TIMEOUT = KeySpec.optional("timeout_ms", ValueType.INTEGER, 30_000, "statement timeout of every run");
    static final KeySpec RUNS = KeySpec.optional("runs", ValueType.INTEGER, 3, "timed runs of each query (the median is reported)");

    private RewriteNodeOutputs() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(RewriteReport report) {
        return Json.mapper().convertValue(report, LinkedHashMap.class);
    }

    static VerifyOptions verifyOptions(ConfigReader c) {
        int timeout = c.integer("timeout_ms", 30_000);
        int runs = c.integer("runs", 3);
        if (timeout < 1) throw c.error("timeout_ms", "must be a positive number of milliseconds, got " + timeout);
        if (runs < 1) throw c.error("runs", "must be at least 1, got " + runs);
        return VerifyOptions.defaults().timeout(Duration.ofMillis(timeout)).runs(runs);
    }

    /** A literal query in the config must parse as one SELECT; references to other nodes are checked when they arrive. */
    static void checkQuery(ConfigReader c, String key) {
        Object value = c.raw().get(key);
        if (!(value instanceof String sql) || Reference.parse(value).isPresent()) return;
        try {
            new io.dataflow.rewrite.QueryRewriter(io.dataflow.rewrite.Schema.none(), null).rewrite(sql, io.dataflow.rewrite.Optimization.AUTO);
        } catch (RewriteException e) {
            throw c.error(key, e.getMessage());
        }
    }

    static Rewriter rewriter(io.dataflow.workflow.NodeContext context) {
        return context.db().rewriter();
    }
}
