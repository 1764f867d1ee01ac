package io.dataflow.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One plain sentence per finding of a lock check, for people, logs and alerting. */
final class LockAlerts {

    private LockAlerts() {
    }

    static List<String> of(List<LockWait> waits, WaitGraph graph, DeadlockReport deadlocks, List<LongHeldLock> held, LockEscalations escalations) {
        List<String> out = new ArrayList<>();
        if (waits != null) {
            for (LockWait w : waits) {
                out.add("pid " + w.pid() + " has waited " + seconds(w.waitingMs() / 1000.0) + " for " + w.mode() + " on "
                        + w.object().description() + ", blocked by " + blockers(w.blockers()));
            }
        }
        if (graph != null) {
            for (List<Integer> cycle : graph.cycles()) {
                out.add("pids " + String.join(" -> ", cycle.stream().map(String::valueOf).toList())
                        + " wait for each other: a deadlock that PostgreSQL breaks after deadlock_timeout by cancelling one of them");
            }
        }
        if (deadlocks != null && deadlocks.sinceLastCheck() != null && deadlocks.sinceLastCheck() > 0) {
            out.add(deadlocks.sinceLastCheck() + (deadlocks.sinceLastCheck() == 1 ? " deadlock" : " deadlocks") + " since the previous check");
        }
        if (held != null) {
            for (LongHeldLock h : held) {
                out.add("pid " + h.pid() + " has held " + h.locks() + (h.locks() == 1 ? " lock" : " locks") + " for "
                        + seconds(h.transactionAgeS()) + (h.idleInTransaction() ? ", idle in transaction" : h.sessionLevel()
                        ? " (session-level advisory locks)" : ", " + h.state())
                        + (h.blocking() > 0 ? ", blocking " + h.blocking() + (h.blocking() == 1 ? " session" : " sessions") : ""));
            }
        }
        if (escalations != null) {
            for (LockEscalations.Session s : escalations.sessions()) {
                out.add("pid " + s.pid() + " holds " + s.locks() + " locks, " + Math.round(100 * s.shareOfLimit())
                        + "% of max_locks_per_transaction (" + escalations.maxLocksPerTransaction() + ")");
            }
        }
        return out;
    }

    private static String blockers(List<Blocker> blockers) {
        if (blockers.isEmpty()) return "nobody any more";
        List<String> parts = new ArrayList<>();
        for (Blocker b : blockers) parts.add("pid " + b.pid() + (b.state() == null ? "" : " (" + b.state() + ")"));
        return String.join(", ", parts);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
