package io.dataflow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan parser and every finding rule, on hand-written EXPLAIN JSON (no database needed). */
class PlanFindingsTest {

    static final String PLAN = """
            [{"Plan": {"Node Type": "Gather Merge", "Startup Cost": 100, "Total Cost": 5000, "Plan Rows": 1000, "Plan Width": 40,
               "Actual Startup Time": 10, "Actual Total Time": 90, "Actual Rows": 900, "Actual Loops": 1,
               "Workers Planned": 2, "Workers Launched": 0,
               "Shared Hit Blocks": 10, "Shared Read Blocks": 3000, "Shared Dirtied Blocks": 0, "Shared Written Blocks": 0,
               "Temp Read Blocks": 500, "Temp Written Blocks": 500,
               "Plans": [
                 {"Node Type": "Sort", "Parent Relationship": "Outer", "Startup Cost": 90, "Total Cost": 4000, "Plan Rows": 1000, "Plan Width": 40,
                  "Actual Startup Time": 60, "Actual Total Time": 80, "Actual Rows": 900, "Actual Loops": 1,
                  "Sort Key": ["o.created_at DESC"], "Sort Method": "external merge", "Sort Space Used": 4096, "Sort Space Type": "Disk",
                  "Shared Hit Blocks": 10, "Shared Read Blocks": 3000, "Shared Dirtied Blocks": 0, "Shared Written Blocks": 0,
                  "Temp Read Blocks": 500, "Temp Written Blocks": 500,
                  "Plans": [
                    {"Node Type": "Nested Loop", "Parent Relationship": "Outer", "Join Type": "Inner", "Startup Cost": 0, "Total Cost": 3000,
                     "Plan Rows": 10, "Plan Width": 40, "Actual Startup Time": 0.1, "Actual Total Time": 50, "Actual Rows": 900, "Actual Loops": 1,
                     "Shared Hit Blocks": 10, "Shared Read Blocks": 3000, "Shared Dirtied Blocks": 0, "Shared Written Blocks": 0,
                     "Temp Read Blocks": 0, "Temp Written Blocks": 0,
                     "Plans": [
                       {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "orders", "Alias": "o",
                        "Startup Cost": 0, "Total Cost": 2000, "Plan Rows": 10, "Plan Width": 40,
                        "Actual Startup Time": 0.05, "Actual Total Time": 30, "Actual Rows": 2000, "Actual Loops": 1,
                        "Filter": "(status = 'completed')", "Rows Removed by Filter": 18000,
                        "Shared Hit Blocks": 0, "Shared Read Blocks": 2900, "Shared Dirtied Blocks": 0, "Shared Written Blocks": 0,
                        "Temp Read Blocks": 0, "Temp Written Blocks": 0},
                       {"Node Type": "Index Scan", "Parent Relationship": "Inner", "Relation Name": "users", "Alias": "u", "Index Name": "users_pkey",
                        "Startup Cost": 0.29, "Total Cost": 0.5, "Plan Rows": 1, "Plan Width": 20,
                        "Actual Startup Time": 0.005, "Actual Total Time": 0.006, "Actual Rows": 0.45, "Actual Loops": 2000,
                        "Index Cond": "(u.id = o.user_id)",
                        "Shared Hit Blocks": 10, "Shared Read Blocks": 100, "Shared Dirtied Blocks": 0, "Shared Written Blocks": 0,
                        "Temp Read Blocks": 0, "Temp Written Blocks": 0}
                     ]}
                  ]}
               ]},
              "Planning Time": 0.5, "Triggers": [], "Execution Time": 91}]""";

    final PlanParser.Parsed parsed = PlanParser.parse(PLAN);
    final List<Finding> findings = new PlanFindings(FindingThresholds.defaults()).find(parsed.root(), parsed.executionMs());

    List<String> kinds() {
        return findings.stream().map(Finding::kind).toList();
    }

    Finding first(String kind) {
        return findings.stream().filter(f -> f.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void parsesTheTreeWithIdsTimesAndSelfTime() {
        PlanNode root = parsed.root();
        assertThat(parsed.executionMs()).isEqualTo(91);
        assertThat(parsed.planningMs()).isEqualTo(0.5);
        assertThat(root.flatten()).extracting(PlanNode::id).containsExactly(1, 2, 3, 4, 5);
        PlanNode scan = root.flatten().get(3);
        assertThat(scan.label()).isEqualTo("Seq Scan on orders o");
        assertThat(scan.rowsRemovedByFilter()).isEqualTo(18000);
        assertThat(scan.selfMs()).isEqualTo(30);
        PlanNode loop = root.flatten().get(2);
        assertThat(loop.label()).isEqualTo("Nested Loop");
        assertThat(loop.selfMs()).isCloseTo(50 - 30 - 0.006 * 2000, org.assertj.core.data.Offset.offset(1e-6));
        PlanNode sort = root.flatten().get(1);
        assertThat(sort.selfMs()).isEqualTo(30);
        assertThat(sort.sortSpaceType()).isEqualTo("Disk");
        assertThat(root.flatten().get(4).index()).isEqualTo("users_pkey");
        assertThat(root.workersLaunched()).isZero();
    }

    @Test
    void findsEveryPattern() {
        assertThat(kinds()).contains("slowest_node", "row_misestimate", "seq_scan_filter", "sort_spill",
                "nested_loop_outer_rows", "high_buffer_reads", "workers_not_launched");
        assertThat(first("seq_scan_filter").nodeId()).isEqualTo(4);
        assertThat(first("seq_scan_filter").evidence()).containsEntry("rows_removed_by_filter", 18000L).containsEntry("removed_pct", 90.0);
        assertThat(first("sort_spill").nodeId()).isEqualTo(2);
        assertThat(first("nested_loop_outer_rows").evidence()).containsEntry("outer_rows", 2000L).containsEntry("inner_loops", 2000L);
        assertThat(first("workers_not_launched").nodeId()).isEqualTo(1);
        // the scan reads 2,900 blocks itself; the join's own reads (3,000 - 2,900 - 100) are none
        assertThat(findings.stream().filter(f -> f.kind().equals("high_buffer_reads")).map(Finding::nodeId)).containsExactly(4);
        // estimated 10 rows, got 2,000: 200x on the scan and 90x on the join
        assertThat(findings.stream().filter(f -> f.kind().equals("row_misestimate")).map(Finding::nodeId)).contains(3, 4);
        assertThat(first("slowest_node").nodeId()).isIn(2, 4);
    }

    @Test
    void rowsBelowALimitThatStoppedEarlyAreNoMisestimate() {
        String json = """
                [{"Plan": {"Node Type": "Limit", "Startup Cost": 0, "Total Cost": 10, "Plan Rows": 100, "Plan Width": 8,
                  "Actual Startup Time": 0, "Actual Total Time": 1, "Actual Rows": 100, "Actual Loops": 1,
                  "Plans": [{"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t", "Startup Cost": 0, "Total Cost": 1000,
                   "Plan Rows": 100000, "Plan Width": 8, "Actual Startup Time": 0, "Actual Total Time": 1, "Actual Rows": 100, "Actual Loops": 1}]},
                  "Execution Time": 1.1}]""";
        PlanParser.Parsed p = PlanParser.parse(json);
        assertThat(new PlanFindings(FindingThresholds.defaults()).find(p.root(), p.executionMs()))
                .extracting(Finding::kind).doesNotContain("row_misestimate");
    }

    @Test
    void anEstimatedPlanHasNoActualsAndNoTimeFindings() {
        String json = """
                [{"Plan": {"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t", "Startup Cost": 0, "Total Cost": 1000,
                   "Plan Rows": 100000, "Plan Width": 8}}]""";
        PlanParser.Parsed p = PlanParser.parse(json);
        assertThat(p.root().executed()).isFalse();
        assertThat(p.root().selfMs()).isNull();
        assertThat(new PlanFindings(FindingThresholds.defaults()).find(p.root(), p.executionMs())).isEmpty();
    }
}
