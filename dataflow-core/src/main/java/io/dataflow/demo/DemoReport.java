package io.dataflow.demo;

import io.dataflow.StatusReport;
import io.dataflow.model.schema.SyncReport;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import java.util.Map;

/**
 * What the demo did, section by section.
 *
 * @param status      the server
 * @param sync        the schema sync of the guide's models
 * @param rows        rows generated per table
 * @param loadSeconds how long generating and loading took
 * @param partitions  rows per partition of events and customers
 * @param workflow    the demo workflow's results
 * @param cache       the query cache section, or null when the demo ran without a cache
 */
public record DemoReport(StatusReport status, SyncReport sync, Map<String, Long> rows, double loadSeconds,
                         Map<String, Long> partitions, Results workflow, DemoCache.Section cache) {

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("\n== Server ==\n").append(status.toText());
        sb.append("\n== Schema (the guide's models) ==\n").append(sync.summary()).append('\n');
        sync.drift().forEach(d -> sb.append("  drift: ").append(d).append('\n'));
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        sb.append(String.format("%n== Data (BulkCreate) ==%n%,d rows in %.1f s (%,.0f rows/s)%n", total, loadSeconds, total / Math.max(loadSeconds, 1e-9)));
        rows.forEach((t, n) -> sb.append(String.format("  %-16s %,12d%n", t, n)));
        sb.append("\n== Partitions: where rows landed ==\n");
        partitions.forEach((p, n) -> sb.append(String.format("  %-24s %,10d%n", p, n)));
        sb.append("\n== Workflow (generated CRUD nodes, run by the engine) ==\n");
        workflow.nodes().forEach((id, r) -> {
            sb.append(String.format("  %-18s %-7s %7.1f ms  ", id, r.status().json(), r.ms()));
            sb.append(r.status() == NodeResult.Status.OK ? summary(r.output()) : r.error()).append('\n');
        });
        sb.append("  (stale_reprice is meant to fail: it updates Product 1 at a version another node already moved past,\n"
                + "   and optimistic locking reports the conflict instead of losing the first update)\n");
        suggestionsText(sb);
        rewritesText(sb);
        preparedStatementsText(sb);
        if (cache != null) cacheText(sb);
        return sb.toString();
    }

    /** What the optimizer nodes suggested, whole: the one-line summaries above only count them. */
    private void suggestionsText(StringBuilder sb) {
        StringBuilder body = new StringBuilder();
        workflow.nodes().forEach((id, r) -> {
            if (r.status() != NodeResult.Status.OK || !(r.output().get("suggestions") instanceof java.util.List<?> list)) return;
            body.append(String.format("  %s: %d suggestion%s%n", id, list.size(), list.size() == 1 ? "" : "s"));
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> s)) continue;
                body.append(String.format("    [%s] %s%n", s.get("kind"), s.get("explanation")));
                if (s.get("sql") != null) body.append("      ").append(s.get("sql")).append('\n');
            }
        });
        if (body.length() > 0) sb.append("\n== Optimizer suggestions (QueryOptimizerNode, each checked what-if) ==\n").append(body);
    }

    /** What the rewriting nodes did and how it was checked: the summaries above cut these texts short. */
    private void rewritesText(StringBuilder sb) {
        StringBuilder body = new StringBuilder();
        workflow.nodes().forEach((id, r) -> {
            Map<String, Object> o = r.output();
            if (r.status() != NodeResult.Status.OK || !(o.get("transformations") instanceof java.util.List<?> done) || !o.containsKey("equivalent")) return;
            if (done.isEmpty()) {
                body.append("  ").append(id).append(": no rewrite");
                if (o.get("warnings") instanceof java.util.List<?> notes && !notes.isEmpty()) body.append(" — ").append(notes.get(0));
                body.append('\n');
                return;
            }
            for (Object t : done) {
                if (t instanceof Map<?, ?> m) body.append(String.format("  %s: [%s] %s%n", id, m.get("kind"), m.get("description")));
            }
            body.append("    ").append(checked(o)).append('\n');
            if (o.get("supplied") instanceof Map<?, ?> supplied) {
                body.append("    the rewrite given in the config: ").append(checked(supplied)).append('\n');
            }
        });
        if (body.length() > 0) sb.append("\n== Query rewriting (verified on the demo's data) ==\n").append(body);
    }

    /**
     * PreparedStatementMonitor's metrics and its alerts, each with the threshold it crossed: an alert belongs in the
     * report, next to what was measured, not in a log line.
     */
    private void preparedStatementsText(StringBuilder sb) {
        StringBuilder body = new StringBuilder();
        workflow.nodes().forEach((id, r) -> {
            Map<String, Object> o = r.output();
            if (r.status() != NodeResult.Status.OK || !(o.get("details") instanceof Map<?, ?> details) || !(o.get("alerts") instanceof java.util.List<?> alerts)
                    || !(o.containsKey("cache_hit_rate") || o.containsKey("execution_time_saved") || o.containsKey("memory_usage"))) return;
            body.append("  ").append(id).append(':');
            for (String metric : java.util.List.of("cache_hit_rate", "execution_time_saved", "memory_usage")) {
                if (!o.containsKey(metric)) continue;
                Object unit = details.get(metric) instanceof Map<?, ?> d ? d.get("unit") : null;
                body.append(' ').append(metric).append(' ').append(o.get(metric) instanceof Number n
                        ? String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue()) + ("ratio".equals(unit) ? "" : " " + unit)
                        : "not measured");
                if (details.get(metric) instanceof Map<?, ?> d && d.get("executions") != null) {
                    body.append(" (").append(d.get("hits")).append(" hits of ").append(d.get("executions")).append(" executions)");
                }
                body.append(';');
            }
            body.setLength(body.length() - 1);
            body.append('\n');
            for (Object a : alerts) {
                if (a instanceof Map<?, ?> alert) {
                    body.append(String.format(java.util.Locale.ROOT, "    ALERT %s %s: %s%n", alert.get("rule"), alert.get("threshold"), alert.get("message")));
                }
            }
            if (alerts.stream().anyMatch(a -> a instanceof Map<?, ?> m && "hit_rate_below".equals(m.get("rule")))) {
                body.append("    (a short run: pgjdbc prepares a statement on the server from its 5th execution, so most of the demo's\n"
                        + "     statements, run a few times each, never reach the cache; an application's steady traffic does)\n");
            }
        });
        if (body.length() > 0) sb.append("\n== Prepared statements (PreparedStatementMonitor, alert_on thresholds) ==\n").append(body);
    }

    private static String checked(Map<?, ?> o) {
        if (!(o.get("equivalent") instanceof Boolean same)) return "not verified";
        if (!same) return "NOT equivalent: the original is kept";
        Object speedup = o.get("speedup");
        if (!(speedup instanceof Number n)) return "equivalent on this data";
        return n.doubleValue() >= 1 ? String.format("equivalent on this data, %.1fx faster", n.doubleValue())
                : String.format("equivalent on this data but slower here (%.1fx): keep the original", n.doubleValue());
    }

    private void cacheText(StringBuilder sb) {
        sb.append("\n== Query cache (the guide's SmartCacheNode rules, ").append(cache.backend()).append(" backend) ==\n");
        for (DemoCache.Step s : cache.steps()) {
            sb.append(String.format("  %-52s %-5s %9.3f ms  %,d %s%n", s.label(), s.cached() ? "hit" : "miss", s.ms(), s.rows(), s.rows() == 1 ? "row" : "rows"));
        }
        var total = cache.stats().total();
        sb.append(String.format("  these queries: hits %d, misses %d; db.cacheStats() in all: hit rate %.0f%%, entries stored %d (%,d bytes)%n",
                cache.hits(), cache.misses(), total.hitRate() * 100, total.stores(), total.bytes()));
    }

    /** Texts longer than this (SQL, mostly) go last: the short facts fit on the line first. */
    static final int LONG_TEXT = 48;

    /** One line per node: scalars as they are, lists by their size, mappings by their keys; long texts last. */
    static String summary(Map<String, Object> output) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        output.forEach((key, value) -> {
            if (!(value instanceof String text && text.length() > LONG_TEXT)) ordered.put(key, value);
        });
        output.forEach(ordered::putIfAbsent);
        ordered.forEach((key, value) -> {
            if (sb.length() > 0) sb.append(", ");
            sb.append(key).append(": ");
            if (value instanceof java.util.List<?> list) {
                sb.append(list.size()).append(list.size() == 1 ? " item" : " items");
            } else if (value instanceof Map<?, ?> map) {
                sb.append('{').append(String.join(", ", map.keySet().stream().map(String::valueOf).toList())).append('}');
            } else {
                sb.append(value);
            }
        });
        return sb.length() > 120 ? sb.substring(0, 117) + "..." : sb.toString();
    }
}
