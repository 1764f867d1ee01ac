package io.dataflow.stats;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what a statistics object would do before anyone creates it: in one transaction it runs
 * CREATE STATISTICS, ANALYZE of the two columns and the probes' EXPLAINs, then rolls back (ANALYZE
 * is allowed in a transaction block; its pg_statistic rows roll back with it).
 *
 * <p>Not rolled back, because PostgreSQL writes them outside the transaction: the table's
 * pg_stat_user_tables.last_analyze and analyze_count (n_mod_since_analyze is kept, since only a
 * whole-table ANALYZE resets it) and pg_class.reltuples/relpages (refreshed, so more accurate).
 * Needs the table's owner, like CREATE STATISTICS itself.
 */
final class FixEstimator {

    /** Functional dependencies cover every value pair; an MCV list only the most common ones. */
    static final List<String> DEPENDENCIES = List.of("dependencies", "ndistinct");
    static final List<String> WITH_MCV = List.of("dependencies", "ndistinct", "mcv");

    private FixEstimator() {
    }

    /** The probes' estimates with a statistics object of these kinds on {@code a, b}. */
    static List<Double> estimates(Connection c, ProbeTarget target, String a, String b, List<Probe> probes, List<String> kinds,
                                  Duration timeout) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '2s'");
            st.execute("SET LOCAL statement_timeout = '" + Math.max(1000, timeout.toMillis() * 5) + "ms'");
            st.execute("CREATE STATISTICS " + target.qualified(Identifiers.compose("dataflow_probe", target.table(), a, b))
                    + " (" + String.join(", ", kinds) + ") ON " + quote(a) + ", " + quote(b) + " FROM " + target.qualifiedTable());
            st.execute("ANALYZE " + target.qualifiedTable() + " (" + quote(a) + ", " + quote(b) + ")");
            List<Double> out = new ArrayList<>();
            for (Probe p : probes) out.add(target.estimate(c, target.pairPredicate(a, p.valueA(), b, p.valueB())));
            return out;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Dependencies first (they cover every value pair), an MCV list added only when dependencies
     * alone do not bring the median ratio within 2x, keeping whichever is closer: an MCV list is
     * applied before dependencies, and pairs outside it get the independence estimate again.
     */
    static After best(Connection c, ProbeTarget target, String a, String b, List<Probe> counted, Probe median, Duration timeout)
            throws SQLException {
        After best = null;
        for (List<String> kinds : List.of(DEPENDENCIES, WITH_MCV)) {
            After candidate = After.of(kinds, counted, estimates(c, target, a, b, counted, kinds, timeout), median);
            if (best == null || candidate.ratio() < best.ratio()) best = candidate;
            if (best.ratio() <= 2) break;
        }
        return best;
    }

    /**
     * A statistics object's measured effect.
     *
     * @param kinds    its kinds
     * @param ratio    the median ratio over the counted probes
     * @param estimate the median probe's estimate
     */
    record After(List<String> kinds, double ratio, double estimate) {
        static After of(List<String> kinds, List<Probe> counted, List<Double> estimates, Probe median) {
            List<Double> ratios = new ArrayList<>();
            double medianEstimate = estimates.get(0);
            for (int i = 0; i < counted.size(); i++) {
                ratios.add(CorrelationRule.ratio(estimates.get(i), counted.get(i).actual()));
                if (counted.get(i) == median) medianEstimate = estimates.get(i);
            }
            ratios.sort(Double::compare);
            return new After(kinds, ratios.get(ratios.size() / 2), medianEstimate);
        }
    }
}
