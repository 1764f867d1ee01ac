package io.dataflow.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.Cli;
import io.dataflow.it.TestServers;
import io.dataflow.plan.AdvisedIndex;
import io.dataflow.plan.AdvisorOptions;
import io.dataflow.plan.AdvisorReport;
import io.dataflow.plan.IndexIssue;
import io.dataflow.plan.RejectedCandidate;
import io.dataflow.plan.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** What the advisor's report lets a user check (issue 18): every rejected candidate with its reason, filtered statements, unused-index evidence. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class AdvisorReportIT extends DemoCopyTest {

    static final Workload GUIDE = Workload.read(Path.of("../examples/guide-workload.sql"));
    static final Set<String> REASONS = Set.of("write_cost", "budget", "not_used_by_planner", "superseded_by", "below_min_benefit", "could_not_be_made");

    AdvisorReportIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void everyCandidateNotProposedIsListedWithItsReasonBenefitAndCost() {
        AdvisorReport report = flow.advisor().advise(GUIDE, AdvisorOptions.defaults().budgetMb(1).maxIndexes(3));
        assertThat(report.rejected()).hasSize(report.candidates() - report.indexes().size());
        assertThat(report.rejected()).allSatisfy(r -> {
            assertThat(REASONS).contains(r.reason());
            assertThat(r.detail()).isNotBlank();
            assertThat(r.writeCost()).isGreaterThanOrEqualTo(0);
            assertThat(r.reason().equals("superseded_by")).isEqualTo(r.supersededBy() != null);
        });
        assertThat(report.rejected()).extracting(RejectedCandidate::reason).contains("budget");
        assertThat(report.rejected()).filteredOn(r -> r.reason().equals("budget")).allSatisfy(r -> assertThat(r.benefit()).isPositive());
        assertThat(report.rejected()).extracting(RejectedCandidate::benefit).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        List<String> proposed = report.indexes().stream().map(i -> i.table() + " (" + String.join(", ", i.columns()) + ")").toList();
        assertThat(report.rejected()).filteredOn(r -> r.supersededBy() != null).allSatisfy(r -> assertThat(proposed.stream()
                .anyMatch(p -> r.supersededBy().startsWith(p))).as(r.supersededBy() + " in " + proposed).isTrue());

        // the wide budget: nothing is left out for the budget; write_cost only where the workload's one UPDATE (orders) charges it
        AdvisorReport wide = flow.advisor().advise(GUIDE, AdvisorOptions.defaults().maxIndexes(100));
        assertThat(wide.rejected()).extracting(RejectedCandidate::reason).doesNotContain("budget")
                .containsAnyOf("not_used_by_planner", "superseded_by", "below_min_benefit");
        assertThat(wide.rejected()).filteredOn(r -> r.reason().equals("write_cost")).allSatisfy(r -> {
            assertThat(r.table()).isEqualTo("orders");
            assertThat(r.writeCost()).isPositive();
        });
        assertThat(wide.rejected()).filteredOn(r -> r.reason().equals("not_used_by_planner")).allSatisfy(r -> assertThat(r.benefit()).isZero());
    }

    @Test
    void theCliPrintsRejectedCandidatesAndTheStateItSaw() throws Exception {
        Cli.Run run = Cli.run("advise", "--sql-file", "../examples/guide-workload.sql", "--budget-mb", "1", "--max-indexes", "3",
                "--writes", "orders=20/s", "--url", db.url());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Not proposed (top").contains("budget").contains("write rates: stated for orders")
                .contains("orders: stated 20.0 rows/s, 20 index entries charged per period").contains("unused indexes:");
        Cli.Run json = Cli.run("advise", "--sql-file", "../examples/guide-workload.sql", "--url", db.url(), "--json");
        com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(node.get("rejected").size()).isEqualTo(node.get("candidates").asInt() - node.get("indexes").size());
        for (String key : new String[] {"index", "table", "reason", "benefit", "write_cost", "size_bytes", "detail"}) {
            assertThat(node.get("rejected").get(0).has(key)).as(key).isTrue();
        }
        for (String key : new String[] {"stats_reset", "statistics_age_seconds", "period_seconds", "writes", "tables", "warnings", "unused_rule"}) {
            assertThat(node.get("state").has(key)).as(key).isTrue();
        }
        Cli.Run bad = Cli.run("advise", "--sql-file", "../examples/guide-workload.sql", "--writes", "orders=lots", "--url", db.url());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--writes").contains("orders=lots").contains("table=N/s");
    }

    @Test
    void statStatementsLeavesOutCatalogAndOwnStatementsAndSaysHowMany() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                db.value("SELECT current_setting('shared_preload_libraries')").contains("pg_stat_statements"),
                "pg_stat_statements is not preloaded on " + server);
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        db.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
        flow.advisor().advise(Workload.parse("SELECT * FROM users WHERE name = 'User 3'", "x"), AdvisorOptions.defaults()); // DataFlow's catalog queries
        for (int i = 1; i <= 5; i++) {
            db.value("SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relname = 'orders' AND a.attnum = " + i);
            db.value("SELECT count(*) FROM orders WHERE user_id = " + i + " AND status = 'completed'");
        }
        db.execute("CREATE SCHEMA IF NOT EXISTS dataflow");
        db.execute("CREATE TABLE IF NOT EXISTS dataflow.advisor_probe (k int, v text)");
        db.value("SELECT v FROM dataflow.advisor_probe WHERE k = 1");
        Workload workload = flow.advisor().fromStatStatements(200);
        AdvisorReport report = flow.advisor().advise(workload, AdvisorOptions.defaults());
        assertThat(report.state().statementsLeftOut()).containsKey("system_catalogs_only").containsKey("dataflow_own");
        assertThat(report.state().statementsLeftOut().get("system_catalogs_only")).isPositive();
        assertThat(report.state().warnings()).anySatisfy(w -> assertThat(w).contains("pg_stat_statements entries left out"));
        assertThat(report.notes()).noneSatisfy(n -> assertThat(n).contains("system catalog"));
        assertThat(report.indexes()).extracting(AdvisedIndex::table).contains("orders").allSatisfy(t -> assertThat(t).doesNotStartWith("pg_")
                .doesNotStartWith("dataflow."));
        assertThat(report.rejected()).extracting(RejectedCandidate::table).allSatisfy(t -> assertThat(t).doesNotStartWith("pg_")
                .doesNotStartWith("dataflow."));
        assertThat(report.state().statStatementsReset()).isNotNull();
        assertThat(report.state().periodSource()).contains("pg_stat_statements");
    }

    @Test
    void anIndexIsCalledUnusedOnlyWhenOldEnoughAndNeverWhenItBacksAConstraint() throws Exception {
        db.execute("CREATE INDEX fresh_status ON orders (status)");
        db.execute("ALTER TABLE users ADD CONSTRAINT users_id_excl EXCLUDE USING btree (id WITH =)"); // backs a constraint, not unique
        Workload one = Workload.parse("SELECT * FROM users WHERE email = 'user3@example.com'", "one");

        AdvisorReport young = flow.advisor().advise(one, AdvisorOptions.defaults()); // 7 days by default
        assertThat(young.unusedIndexes()).extracting(IndexIssue::index).doesNotContain("fresh_status", "users_id_excl");
        assertThat(young.notes()).anySatisfy(n -> assertThat(n).contains("not called unused: fresh_status").contains("needs 7d"));
        assertThat(young.state().unusedRule()).contains("at least 7d old").contains("constraint");

        Thread.sleep(2500);
        AdvisorReport old = flow.advisor().advise(one, AdvisorOptions.defaults().unusedAfter(Duration.ofSeconds(2)));
        boolean ageReadable = "t".equals(db.value("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        if (ageReadable) {
            assertThat(old.unusedIndexes()).extracting(IndexIssue::index).contains("fresh_status").doesNotContain("users_id_excl");
        } else {
            assertThat(old.notes()).anySatisfy(n -> assertThat(n).contains("fresh_status").contains("age is unknown"));
        }
        assertThat(old.unusedIndexes()).extracting(IndexIssue::index).doesNotContain("users_id_excl");
    }
}
