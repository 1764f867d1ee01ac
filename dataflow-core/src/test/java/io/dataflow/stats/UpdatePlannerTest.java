package io.dataflow.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdatePlannerTest {

    static SchemaTables schema() {
        Map<String, SchemaTables.Table> tables = new LinkedHashMap<>();
        tables.put("orders", new SchemaTables.Table("orders", List.of(new SchemaTables.Column("id", null),
                new SchemaTables.Column("status", 500), new SchemaTables.Column("user\"id", null))));
        tables.put("products", new SchemaTables.Table("products", List.of(new SchemaTables.Column("id", null))));
        return new SchemaTables("app", 100, tables);
    }

    private static final String WHERE = "node 'u' (StatisticsUpdateNode)";

    @Test
    void aRateSetsTheChosenColumnsThenAnalyzesOnlyThem() {
        List<TablePlan> plans = UpdatePlanner.plan(new UpdateRequest(List.of("orders"), SampleRate.percent(50), ColumnSelection.of("status")),
                schema(), WHERE);
        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.target()).isEqualTo(5000);
            assertThat(p.columns()).containsExactly("status");
            assertThat(p.statements()).containsExactly(
                    "ALTER TABLE \"app\".\"orders\" ALTER COLUMN \"status\" SET STATISTICS 5000",
                    "ANALYZE \"app\".\"orders\" (\"status\")");
        });
    }

    @Test
    void allColumnsAreQuotedAndTheWholeTableIsAnalyzed() {
        TablePlan p = UpdatePlanner.plan(new UpdateRequest(List.of("orders"), SampleRate.DEFAULT, ColumnSelection.ALL), schema(), WHERE).get(0);
        assertThat(p.target()).isEqualTo(-1);
        assertThat(p.statements()).containsExactly("ALTER TABLE \"app\".\"orders\" ALTER COLUMN \"id\" SET STATISTICS -1,"
                + " ALTER COLUMN \"status\" SET STATISTICS -1, ALTER COLUMN \"user\"\"id\" SET STATISTICS -1", "ANALYZE \"app\".\"orders\"");
    }

    @Test
    void withoutARateTargetsAreKept() {
        List<TablePlan> plans = UpdatePlanner.plan(UpdateRequest.analyze("orders", "products"), schema(), WHERE);
        assertThat(plans).extracting(TablePlan::target).containsOnlyNulls();
        assertThat(plans).flatExtracting(TablePlan::statements).containsExactly("ANALYZE \"app\".\"orders\"", "ANALYZE \"app\".\"products\"");
    }

    @Test
    void anUnknownTableIsRefusedWithTheNearestNameBeforeAnyPlanIsMade() {
        assertThatThrownBy(() -> UpdatePlanner.plan(UpdateRequest.analyze("orders", "prodcts"), schema(), WHERE))
                .isInstanceOf(ConfigException.class).hasMessageContaining(WHERE).hasMessageContaining("key 'tables[1]'")
                .hasMessageContaining("no table 'prodcts'").hasMessageContaining("did you mean 'products'");
    }

    @Test
    void aColumnMissingFromOneOfTheTablesIsRefused() {
        assertThatThrownBy(() -> UpdatePlanner.plan(new UpdateRequest(List.of("orders", "products"), SampleRate.percent(10),
                ColumnSelection.of("statos")), schema(), WHERE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key 'columns[0]'")
                .hasMessageContaining("table orders has no column 'statos'").hasMessageContaining("did you mean 'status'");
        assertThatThrownBy(() -> UpdatePlanner.plan(new UpdateRequest(List.of("orders", "products"), null, ColumnSelection.of("status")),
                schema(), WHERE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("table products has no column 'status'");
    }

    @Test
    void columnsConfigIsAllOrANonEmptyListOfNames() {
        assertThat(ColumnSelection.parse("all", WHERE, "columns").isAll()).isTrue();
        assertThat(ColumnSelection.parse(null, WHERE, "columns").isAll()).isTrue();
        assertThatThrownBy(() -> ColumnSelection.parse("some", WHERE, "columns")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'columns'").hasMessageContaining("'all' or a non-empty list");
        assertThatThrownBy(() -> ColumnSelection.parse(List.of(), WHERE, "columns")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ColumnSelection.parse(List.of("ok", "bad name"), WHERE, "columns")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'columns[1]'");
    }

    @Test
    void rowsSampledIsThreeHundredPerTargetUnitAtMostTheTable() {
        assertThat(TableUpdate.rowsSampled(100, 50_000)).isEqualTo(30_000);
        assertThat(TableUpdate.rowsSampled(1000, 50_000)).isEqualTo(50_000);
        assertThat(TableUpdate.rowsSampled(10_000, 10_000_000)).isEqualTo(3_000_000);
        assertThat(TableUpdate.rowsSampled(100, -1)).isZero();
    }
}
