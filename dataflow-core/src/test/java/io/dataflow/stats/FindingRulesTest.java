package io.dataflow.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The classification rules of StatisticsAnalyzer, on hand-made catalog rows. */
class FindingRulesTest {

    static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
    static final AlertThreshold GUIDE = new AlertThreshold(7, 20);
    static final String T = "\"public\".\"orders\"";

    static TableActivity analyzed(double reltuples, long modified, Duration ago) {
        return new TableActivity("orders", reltuples, Math.round(reltuples), modified, NOW.minus(ago), null);
    }

    @Nested
    class Outdated {
        @Test
        void neverAnalyzedWithRowsIsHighFromAThousandRowsMediumBelowAndNothingWhenEmpty() {
            assertThat(OutdatedRule.check(new TableActivity("orders", -1, 5000, 5000, null, null), GUIDE, NOW, T))
                    .get().satisfies(f -> {
                        assertThat(f.severity()).isEqualTo(Severity.HIGH);
                        assertThat(f.kind()).isEqualTo(StatisticsCheck.OUTDATED_STATISTICS);
                        assertThat(f.evidence()).containsEntry("estimated_rows", 5000L).containsEntry("last_analyzed", null);
                        assertThat(f.fix()).isEqualTo("ANALYZE \"public\".\"orders\";");
                    });
            assertThat(OutdatedRule.check(new TableActivity("orders", -1, 50, 50, null, null), GUIDE, NOW, T)).get()
                    .extracting(Finding::severity).isEqualTo(Severity.MEDIUM);
            assertThat(OutdatedRule.check(new TableActivity("orders", -1, 0, 0, null, null), GUIDE, NOW, T)).isEmpty();
        }

        @Test
        void rowChangesAtTheThresholdAreMediumAtTwiceItHigh() {
            assertThat(OutdatedRule.check(analyzed(10_000, 1_999, Duration.ofHours(1)), GUIDE, NOW, T)).isEmpty();
            Finding medium = OutdatedRule.check(analyzed(10_000, 2_000, Duration.ofHours(1)), GUIDE, NOW, T).orElseThrow();
            assertThat(medium.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(medium.evidence()).containsEntry("row_change_percent", 20.0).containsEntry("modified_since_analyze", 2000L)
                    .containsEntry("rows_at_last_analyze", 10_000L);
            assertThat(medium.summary()).contains("20.0% of its rows changed").doesNotContain("days ago");
            assertThat(OutdatedRule.check(analyzed(10_000, 4_000, Duration.ofHours(1)), GUIDE, NOW, T)).get()
                    .extracting(Finding::severity).isEqualTo(Severity.HIGH);
        }

        @Test
        void ageAloneIsLowAndTheLaterOfManualAndAutoAnalyzeCounts() {
            Finding old = OutdatedRule.check(analyzed(10_000, 10, Duration.ofDays(8)), GUIDE, NOW, T).orElseThrow();
            assertThat(old.severity()).isEqualTo(Severity.LOW);
            assertThat(old.summary()).contains("8.0 days ago");
            assertThat(old.evidence()).containsEntry("days_since_analyze", 8.0);
            TableActivity autoRecently = new TableActivity("orders", 10_000, 10_000, 10, NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1)));
            assertThat(OutdatedRule.check(autoRecently, GUIDE, NOW, T)).isEmpty();
            assertThat(OutdatedRule.check(analyzed(10_000, 3_000, Duration.ofDays(8)), GUIDE, NOW, T)).get()
                    .satisfies(f -> assertThat(f.summary()).contains("30.0% of its rows changed and it was last analyzed 8.0 days ago"));
        }

        @Test
        void aTableAnalyzedWhileEmptyThatGotRowsIsHigh() {
            assertThat(OutdatedRule.check(analyzed(0, 500, Duration.ofMinutes(5)), GUIDE, NOW, T)).get()
                    .extracting(Finding::severity).isEqualTo(Severity.HIGH);
        }

        @Test
        void thresholdsAreTheConfiguredOnes() {
            AlertThreshold strict = new AlertThreshold(1, 5);
            assertThat(OutdatedRule.check(analyzed(10_000, 600, Duration.ofHours(1)), strict, NOW, T)).isPresent();
            assertThat(OutdatedRule.check(analyzed(10_000, 0, Duration.ofHours(30)), strict, NOW, T)).isPresent();
            assertThat(OutdatedRule.check(analyzed(10_000, 0, Duration.ofHours(30)), GUIDE, NOW, T)).isEmpty();
        }
    }

    static ColumnStatistics column(String name, boolean has, Integer target) {
        return new ColumnStatistics("orders", name, has, target, 0, 10, 4, List.of(), List.of());
    }

    @Nested
    class Missing {
        @Test
        void columnsWithoutStatisticsOnAnAnalyzedTableAreListedExceptThoseSetToKeepNone() {
            List<ColumnStatistics> cols = List.of(column("id", true, null), column("added_later", false, null), column("blob", false, 0));
            Finding f = MissingRule.check(analyzed(1000, 0, Duration.ofHours(1)), cols, T).orElseThrow();
            assertThat(f.columns()).containsExactly("added_later");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.fix()).isEqualTo("ANALYZE \"public\".\"orders\" (\"added_later\");");
        }

        @Test
        void noColumnWithStatisticsIsHighAndNeverAnalyzedOrEmptyTablesAreNotThisCheck() {
            List<ColumnStatistics> none = List.of(column("a", false, null), column("b", false, null));
            assertThat(MissingRule.check(new TableActivity("orders", 0, 800, 800, NOW.minus(Duration.ofHours(1)), null), none, T)).get()
                    .extracting(Finding::severity).isEqualTo(Severity.HIGH);
            assertThat(MissingRule.check(new TableActivity("orders", -1, 800, 800, null, null), none, T)).isEmpty();
            assertThat(MissingRule.check(analyzed(0, 0, Duration.ofHours(1)), none, T)).isEmpty();
        }
    }

    static ColumnStatistics skewed(double distinct, List<String> values, Double... freqs) {
        return new ColumnStatistics("orders", "status", true, null, 0.01, distinct, 8, values, List.of(freqs));
    }

    @Nested
    class Skew {
        Optional<Finding> check(ColumnStatistics c) {
            return SkewRule.check(c, 100_000, 100, T);
        }

        @Test
        void aDominantValueIsMediumAndHighFromNinetyPercent() {
            Finding f = check(skewed(5, List.of("done", "pending"), 0.6, 0.2)).orElseThrow();
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.evidence()).containsEntry("top_value", "done").containsEntry("top_frequency", 0.6);
            assertThat(check(skewed(5, List.of("done"), 0.93, 0.03))).get().extracting(Finding::severity).isEqualTo(Severity.HIGH);
        }

        @Test
        void aTwoValuedColumnIsSkewedOnlyFarFromEven() {
            assertThat(check(skewed(2, List.of("t", "f"), 0.55, 0.45))).isEmpty();
            assertThat(check(skewed(2, List.of("t", "f"), 0.74, 0.26))).isEmpty();
            assertThat(check(skewed(2, List.of("t", "f"), 0.95, 0.05))).get().extracting(Finding::severity).isEqualTo(Severity.HIGH);
        }

        @Test
        void threeValuesHoldingMostOfManyIsLowButNotForFewDistinctValues() {
            assertThat(check(skewed(50, List.of("a", "b", "c"), 0.4, 0.3, 0.15))).get().extracting(Finding::severity).isEqualTo(Severity.LOW);
            assertThat(check(skewed(4, List.of("a", "b", "c"), 0.4, 0.3, 0.15))).isEmpty();
            assertThat(check(skewed(50, List.of("a", "b", "c"), 0.3, 0.3, 0.15))).isEmpty();
        }

        @Test
        void constantColumnsAndColumnsWithoutCommonValuesAreNotSkew() {
            assertThat(check(skewed(1, List.of("x"), 1.0))).isEmpty();
            assertThat(check(skewed(-1, List.of()))).isEmpty();
        }

        @Test
        void theFixRaisesTheTargetAndSuggestsAPartialIndexWithTheValueAsALiteral() {
            Finding f = check(skewed(5, List.of("it's done"), 0.8, 0.1)).orElseThrow();
            assertThat(f.fix()).contains("ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"status\" SET STATISTICS 1000;")
                    .contains("ANALYZE \"public\".\"orders\" (\"status\");")
                    .contains("CREATE INDEX \"orders_status_rare\" ON \"public\".\"orders\" (\"status\") WHERE \"status\" <> 'it''s done';");
            Finding atMax = SkewRule.check(skewed(50, List.of("a", "b", "c"), 0.4, 0.3, 0.15), 100_000, 10_000, T).orElseThrow();
            assertThat(atMax.fix()).doesNotContain("SET STATISTICS").doesNotContain("CREATE INDEX");
        }
    }

    @Nested
    class Correlation {
        @Test
        void ratioIsLargerOverSmallerWithAtLeastOneRow() {
            assertThat(CorrelationRule.ratio(1, 25)).isEqualTo(25);
            assertThat(CorrelationRule.ratio(250, 25)).isEqualTo(10);
            assertThat(CorrelationRule.ratio(0.2, 0)).isEqualTo(1);
        }

        @Test
        void countingIsSkippedOnlyWhenTheSingleColumnEstimatesRuleTheRatioOut() {
            // zip (25 rows) and city (500 rows) in 50k rows: independence gives 0.25 -> 1; up to 25x possible
            double bound = CorrelationRule.bound(1, 500, 25);
            assertThat(bound).isEqualTo(25);
            assertThat(CorrelationRule.needsCount(bound, 10)).isTrue();
            // two selective columns: the pair can neither be more than 3 rows nor an estimate above 1 be far off
            assertThat(CorrelationRule.needsCount(CorrelationRule.bound(1, 3, 4), 10)).isFalse();
            // a large estimate may be an overestimate of a single real row
            assertThat(CorrelationRule.needsCount(CorrelationRule.bound(40, 400, 400), 10)).isTrue();
        }

        @Test
        void theMedianProbeDecidesAndSeverityIsHighFromAHundredX() {
            Probe a = new Probe("1", "1", 1, 30L, 30);
            Probe b = new Probe("2", "2", 1, 2L, 2);
            Probe c = new Probe("3", "3", 1, 500L, 500);
            assertThat(CorrelationRule.median(List.of(a, b, c))).isSameAs(a);
            assertThat(CorrelationRule.median(List.of(b, a))).isSameAs(a);
            assertThat(CorrelationRule.severity(30)).isEqualTo(Severity.MEDIUM);
            assertThat(CorrelationRule.severity(100)).isEqualTo(Severity.HIGH);
        }

        @Test
        void theMeasuredFixIsJudgedByTheMedianOfTheCountedProbes() {
            Probe a = new Probe("1", "1", 1, 25L, 25);
            Probe b = new Probe("2", "2", 1, 30L, 30);
            Probe c = new Probe("3", "3", 1, 20L, 20);
            FixEstimator.After after = FixEstimator.After.of(FixEstimator.DEPENDENCIES, List.of(a, b, c), List.of(25.0, 3.0, 20.0), a);
            assertThat(after.ratio()).isEqualTo(1.0);   // ratios 1, 10, 1
            assertThat(after.estimate()).isEqualTo(25.0);
            assertThat(after.kinds()).containsExactly("dependencies", "ndistinct");
        }

        @Test
        void candidatesAreModerateDistinctColumnsWithStatisticsInColumnOrder() {
            List<ColumnStatistics> cols = List.of(
                    new ColumnStatistics("addr", "id", true, null, 0, -1, 8, List.of(), List.of()),         // unique
                    new ColumnStatistics("addr", "city", true, null, 0, 100, 8, List.of(), List.of()),
                    new ColumnStatistics("addr", "zip", true, null, 0, 2000, 6, List.of(), List.of()),
                    new ColumnStatistics("addr", "note", true, null, 0, 1, 2, List.of(), List.of()),         // constant
                    new ColumnStatistics("addr", "doc", true, null, 0, 0, 40, List.of(), List.of()),         // no '='
                    new ColumnStatistics("addr", "blob", true, null, 0, 50, 500, List.of(), List.of()),      // too wide
                    new ColumnStatistics("addr", "gone", true, null, 0.9, 50, 4, List.of(), List.of()),      // mostly null
                    new ColumnStatistics("addr", "fresh", false, null, 0, 0, 0, List.of(), List.of()),       // no stats
                    new ColumnStatistics("addr", "tier", true, null, 0, -0.001, 4, List.of(), List.of()));   // 50 of 50k
            assertThat(CorrelationCandidates.pairs(cols, 50_000, CorrelationLimits.DEFAULT))
                    .containsExactly(List.of("city", "zip"), List.of("city", "tier"), List.of("zip", "tier"));
            assertThat(CorrelationCandidates.pairs(cols, 500, CorrelationLimits.DEFAULT)).isEmpty();
        }

        @Test
        void planRowsIsTheTopNodesEstimate() {
            assertThat(PlanRows.of("[{\"Plan\": {\"Node Type\": \"Gather\", \"Plan Rows\": 25, \"Plans\": [{\"Plan Rows\": 10}]}}]"))
                    .isEqualTo(25);
        }
    }
}
