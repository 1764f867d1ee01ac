package io.dataflow.stats;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.sql.Identifiers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * skewed_distributions: a column whose most common values dominate, so that one estimate cannot
 * fit every value (and generic plans for parameterized queries fit the common value only).
 *
 * <p>Dominant: the top value holds 50% or more of the rows and at least 1.5 times its even share
 * (so a 55/45 boolean is not skew, a 90/10 one is). Few dominate: the top three hold 80% or more
 * while there are at least 10 distinct values. High from a 90% top value, medium when dominant, low
 * when only the top three dominate. Constant columns (fewer than 2 distinct values) are left out.
 *
 * <p>Fix: a higher statistics target (a longer most-common-values list gives the rarer values
 * estimates of their own) and, when one value dominates, a partial index that leaves it out.
 */
final class SkewRule {

    static final double DOMINANT = 0.5;
    static final double TOP_THREE = 0.8;
    static final double HIGH = 0.9;
    static final int MIN_DISTINCT_FOR_TOP_THREE = 10;
    static final int RAISED_TARGET = 1000;

    private SkewRule() {
    }

    static Optional<Finding> check(ColumnStatistics c, double rows, int effectiveTarget, String qualifiedTable) {
        List<Double> f = c.commonFrequencies();
        double distinct = c.distinctValues(rows);
        if (f.isEmpty() || distinct < 2) return Optional.empty();
        double top = f.get(0);
        double topThree = f.stream().limit(3).mapToDouble(Double::doubleValue).sum();
        boolean dominant = top >= DOMINANT && top >= 1.5 / distinct;
        boolean fewDominate = topThree >= TOP_THREE && distinct >= MIN_DISTINCT_FOR_TOP_THREE;
        if (!dominant && !fewDominate) return Optional.empty();
        Severity severity = dominant ? (top >= HIGH ? Severity.HIGH : Severity.MEDIUM) : Severity.LOW;
        String topValue = c.commonValues().isEmpty() ? null : c.commonValues().get(0);
        String summary = dominant
                ? String.format(Locale.ROOT, "%s.%s: one value holds %.1f%% of the rows", c.table(), c.column(), 100 * top)
                : String.format(Locale.ROOT, "%s.%s: three values hold %.1f%% of the rows among %.0f distinct", c.table(), c.column(),
                100 * topThree, distinct);
        Evidence evidence = new Evidence().put("top_value", topValue).put("top_frequency", top, 4).put("top_three_frequency", topThree, 4)
                .put("distinct_values", distinct, 0).put("null_fraction", c.nullFraction(), 4).put("statistics_target", effectiveTarget);
        return Optional.of(new Finding(c.table(), List.of(c.column()), StatisticsCheck.SKEWED_DISTRIBUTIONS, severity, summary,
                evidence.map(), fix(c, qualifiedTable, effectiveTarget, dominant ? topValue : null)));
    }

    private static String fix(ColumnStatistics c, String qualifiedTable, int effectiveTarget, String dominantValue) {
        StringBuilder sql = new StringBuilder();
        if (effectiveTarget < SampleRate.MAX_TARGET) {
            int raised = effectiveTarget < RAISED_TARGET ? RAISED_TARGET : SampleRate.MAX_TARGET;
            sql.append("ALTER TABLE ").append(qualifiedTable).append(" ALTER COLUMN ").append(quote(c.column()))
                    .append(" SET STATISTICS ").append(raised).append(";\n");
        }
        sql.append("ANALYZE ").append(qualifiedTable).append(" (").append(quote(c.column())).append(");");
        if (dominantValue != null && dominantValue.indexOf('\0') < 0) {
            sql.append("\n-- queries for the rarer values: an index that leaves out the dominant one\n")
                    .append("CREATE INDEX ").append(quote(Identifiers.compose(c.table(), c.column(), "rare"))).append(" ON ")
                    .append(qualifiedTable).append(" (").append(quote(c.column())).append(") WHERE ").append(quote(c.column()))
                    .append(" <> ").append(Identifiers.literal(dominantValue)).append(";");
        }
        return sql.toString();
    }
}
