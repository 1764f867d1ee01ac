package io.dataflow.monitor;

import io.dataflow.maintenance.RelationBloat;
import io.dataflow.plan.IndexIssue;
import java.util.List;

/** The terminal summary of a collection: top slow queries, unused indexes, bloat, locks, alerts, health. */
public final class MonitorText {

    private MonitorText() {
    }

    static String human(long bytes) {
        return io.dataflow.maintenance.Bytes.human(bytes);
    }

    public static String render(MonitorReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("DataFlow monitor: ").append(r.database()).append(" at ").append(r.collectedAt())
                .append(String.format(" (%.0f ms)%n", r.durationMs()));
        MonitorReport.QueryPerformance q = r.queryPerformance();
        if (q != null) {
            sb.append("\nQueries");
            if (!q.available()) {
                sb.append(": ").append(q.note()).append('\n');
            } else {
                sb.append(" (").append(q.interval()).append(")\n");
                if (q.topQueries().isEmpty()) sb.append("  no application statements ran\n");
                for (MonitorReport.QueryStat s : q.topQueries()) {
                    sb.append(String.format("  %10.1f ms total %8d calls %9.3f ms mean%s  %s%n", s.totalMs(), s.calls(), s.meanMs(),
                            s.baselineMs() == null ? "" : String.format(" (baseline %.3f)", s.baselineMs()), RuleEvaluator.shorten(s.query())));
                }
                sb.append(String.format("  slow (mean over %.0f ms): %d%n", q.thresholdMs(), q.slowQueryLog().size()));
                for (MonitorReport.SlowQueryPlan p : q.explainSlowQueries()) {
                    sb.append("    ").append(RuleEvaluator.shorten(p.query())).append('\n');
                    if (p.error() != null) sb.append("      cannot plan: ").append(p.error()).append('\n');
                    p.scans().forEach(s -> sb.append("      ").append(s).append('\n'));
                    p.findings().forEach(f -> sb.append("      ! ").append(f.message()).append('\n'));
                }
            }
        }
        MonitorReport.IndexUsage i = r.indexUsage();
        if (i != null) {
            sb.append("\nIndexes\n");
            if (i.unusedIndexes() != null) {
                sb.append("  unused: ").append(i.unusedIndexes().isEmpty() ? "none" : "").append('\n');
                for (IndexIssue u : i.unusedIndexes()) {
                    sb.append(String.format("    %s on %s (%s, %d scans): %s%n", u.index(), u.table(), human(u.sizeBytes()),
                            u.scans(), u.sql()));
                }
            }
            if (i.indexBloat() != null) {
                List<RelationBloat> worst = i.indexBloat().stream().filter(b -> b.bloatRatio() != null && b.bloatRatio() > 1.5)
                        .sorted((a, b) -> Double.compare(b.bloatRatio(), a.bloatRatio())).limit(10).toList();
                sb.append("  bloat over 1.5x: ").append(worst.isEmpty() ? "none" : "").append('\n');
                worst.forEach(b -> sb.append(String.format("    %s %.2fx (%s wasted, %s)%n", b.name(), b.bloatRatio(),
                        human(b.wastedBytes() == null ? 0 : b.wastedBytes()), b.accuracy())));
            }
            if (i.indexScanRatio() != null) {
                i.indexScanRatio().stream().filter(s -> s.ratio() != null && s.ratio() < 0.9 && s.seqScans() > 100).limit(10)
                        .forEach(s -> sb.append(String.format("  %s: %.0f%% of %d scans used an index%n", s.table(), 100 * s.ratio(),
                                s.seqScans() + s.idxScans())));
            }
        }
        MonitorReport.TableStatistics t = r.tableStatistics();
        if (t != null) {
            List<MonitorReport.TableStat> dead = t.tables().stream().filter(s -> s.deadRatio() > 0.1 && s.deadRows() > 1000).toList();
            List<MonitorReport.TableStat> off = t.tables().stream().filter(s -> s.estimateError() != null && s.estimateError() > 2).toList();
            sb.append("\nTables: ").append(t.tables().size()).append(", ").append(dead.size()).append(" over 10% dead rows, ")
                    .append(off.size()).append(" with row estimates off by more than 2x\n");
            dead.forEach(s -> sb.append(String.format("  %s: %d dead rows (%.0f%%), last autovacuum %s%n", s.table(), s.deadRows(), 100 * s.deadRatio(),
                    s.lastAutovacuum() == null ? "never" : s.lastAutovacuum())));
            off.forEach(s -> sb.append(String.format("  %s: estimated %.0f rows, counted %d (run ANALYZE)%n", s.table(), s.estimatedRows(), s.liveRows())));
        }
        MonitorReport.LockStatistics l = r.lockStatistics();
        if (l != null) {
            sb.append("\nLocks: ").append(l.lockWaits() == null ? "?" : l.lockWaits()).append(" waiting");
            if (l.longestWaitS() != null && l.lockWaits() != null && l.lockWaits() > 0) sb.append(String.format(" (longest %.1f s)", l.longestWaitS()));
            sb.append(", deadlocks since last collection: ").append(l.deadlocks() == null ? "- (first collection)" : l.deadlocks());
            if (l.longestTransactionS() != null) sb.append(String.format(", longest transaction %.1f s, idle in transaction %.1f s", l.longestTransactionS(),
                    l.idleInTransactionS()));
            sb.append('\n');
        }
        sb.append("\nAlerts: ").append(r.openAlerts().isEmpty() ? "none open" : r.openAlerts().size() + " open").append('\n');
        for (Alert a : r.openAlerts()) {
            sb.append("  [").append(a.rule()).append("] since ").append(a.firedAt()).append(": ").append(a.message()).append('\n');
            if (a.actionResult() != null) sb.append("    ").append(a.actionResult()).append('\n');
        }
        if (!r.healthChecks().isEmpty()) {
            sb.append("\nHealth checks\n");
            for (MonitorReport.HealthCheck h : r.healthChecks()) {
                sb.append(String.format("  %-9s %-26s %s%n", h.status(), h.name(), h.message()));
            }
        }
        if (!r.notes().isEmpty()) {
            sb.append("\nNotes\n");
            r.notes().forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }
}
