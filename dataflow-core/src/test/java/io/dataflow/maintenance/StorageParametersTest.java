package io.dataflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The static table of PostgreSQL storage parameters: names, types, ranges, TOAST variants. */
class StorageParametersTest {

    private static final String WHERE = "node 'cfg' (VacuumStrategyNode)";

    @Test
    void everyNumericParameterAcceptsItsBoundsAndRefusesJustBeyond() {
        for (StorageParameter p : StorageParameters.all()) {
            if (p.kind() != StorageParameter.Kind.INT && p.kind() != StorageParameter.Kind.REAL) continue;
            assertThat(p.render(p.kind() == StorageParameter.Kind.INT ? (Object) (long) p.min() : p.min(), WHERE, p.name())).isNotBlank();
            assertThat(p.render(p.kind() == StorageParameter.Kind.INT ? (Object) (long) p.max() : p.max(), WHERE, p.name())).isNotBlank();
            assertThatThrownBy(() -> p.render((long) p.min() - 1, WHERE, p.name())).as(p.name()).isInstanceOf(ConfigException.class);
            assertThatThrownBy(() -> p.render((long) p.max() + 1, WHERE, p.name())).as(p.name()).isInstanceOf(ConfigException.class);
        }
    }

    @Test
    void aNegativeScaleFactorIsRefusedNamingTheKeyAndTheRange() {
        StorageParameter p = StorageParameters.find("autovacuum_vacuum_scale_factor").orElseThrow();
        assertThatThrownBy(() -> p.render(-1, WHERE, "tables.orders.autovacuum_vacuum_scale_factor"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(WHERE)
                .hasMessageContaining("tables.orders.autovacuum_vacuum_scale_factor")
                .hasMessageContaining("between 0 and 100");
    }

    @Test
    void anUnknownNameSuggestsTheNearestParameter() {
        assertThatThrownBy(() -> StorageParameters.require("autovacum_vacuum_scale_factor", WHERE, "tables.t.autovacum_vacuum_scale_factor", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown storage parameter 'autovacum_vacuum_scale_factor'")
                .hasMessageContaining("did you mean 'autovacuum_vacuum_scale_factor'?")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("tables.t.autovacum_vacuum_scale_factor"));
    }

    @Test
    void toastVariantsExistOnlyForParametersTheToastTableHas() {
        assertThat(StorageParameters.find("toast.autovacuum_enabled")).isPresent();
        assertThat(StorageParameters.find("toast.autovacuum_vacuum_scale_factor")).isPresent();
        assertThat(StorageParameters.find("toast.fillfactor")).isEmpty();
        assertThatThrownBy(() -> StorageParameters.require("toast.autovacuum_analyze_scale_factor", WHERE, "k", List.of()))
                .hasMessageContaining("applies to the table only");
    }

    @Test
    void valuesAreCheckedAgainstTheirType() {
        StorageParameter fillfactor = StorageParameters.find("fillfactor").orElseThrow();
        assertThat(fillfactor.render(70, WHERE, "k")).isEqualTo("70");
        assertThat(fillfactor.render(70.0, WHERE, "k")).isEqualTo("70");
        assertThatThrownBy(() -> fillfactor.render(50.5, WHERE, "k")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> fillfactor.render("70", WHERE, "k")).hasMessageContaining("got text '70'");
        StorageParameter enabled = StorageParameters.find("autovacuum_enabled").orElseThrow();
        assertThat(enabled.render(false, WHERE, "k")).isEqualTo("false");
        assertThat(enabled.render("off", WHERE, "k")).isEqualTo("false");
        assertThatThrownBy(() -> enabled.render(0, WHERE, "k")).hasMessageContaining("true or false");
        StorageParameter delay = StorageParameters.find("autovacuum_vacuum_cost_delay").orElseThrow();
        assertThat(delay.render(10, WHERE, "k")).isEqualTo("10");
        assertThat(delay.render(0.05, WHERE, "k")).isEqualTo("0.05");
        assertThat(StorageParameters.find("autovacuum_vacuum_scale_factor").orElseThrow().render(1e-4, WHERE, "k")).isEqualTo("0.0001");
        StorageParameter cleanup = StorageParameters.find("vacuum_index_cleanup").orElseThrow();
        assertThat(cleanup.render("AUTO", WHERE, "k")).isEqualTo("auto");
        assertThat(cleanup.render(true, WHERE, "k")).isEqualTo("true");
        assertThatThrownBy(() -> cleanup.render("sometimes", WHERE, "k")).hasMessageContaining("auto, on, off");
    }

    @Test
    void newerParametersSayWhichVersionTheyNeed() {
        assertThat(StorageParameters.find("autovacuum_vacuum_max_threshold").orElseThrow().supportedBy(170006)).isFalse();
        assertThat(StorageParameters.find("autovacuum_vacuum_insert_threshold").orElseThrow().supportedBy(150020)).isTrue();
    }
}
