package io.dataflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.workflow.NodeRegistry;
import io.dataflow.workflow.WorkflowBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** High, medium and ok, and the config that sets them. */
class BloatClassificationTest {

    private static final long MB = 1 << 20;

    @Test
    void highNeedsTheRatioAndTheWastedBytes() {
        assertThat(BloatLevel.classify(2.0, MB, 2.0, MB)).isEqualTo(BloatLevel.HIGH);
        assertThat(BloatLevel.classify(5.0, MB - 1, 2.0, MB)).isEqualTo(BloatLevel.OK);
    }

    @Test
    void mediumStartsHalfWayFromOneToTheThreshold() {
        assertThat(BloatLevel.mediumRatio(2.0)).isEqualTo(1.5);
        assertThat(BloatLevel.mediumRatio(3.0)).isEqualTo(2.0);
        assertThat(BloatLevel.classify(1.999, 10 * MB, 2.0, MB)).isEqualTo(BloatLevel.MEDIUM);
        assertThat(BloatLevel.classify(1.5, 10 * MB, 2.0, MB)).isEqualTo(BloatLevel.MEDIUM);
        assertThat(BloatLevel.classify(1.499, 10 * MB, 2.0, MB)).isEqualTo(BloatLevel.OK);
        assertThat(BloatLevel.classify(2.5, 10 * MB, 3.0, MB)).isEqualTo(BloatLevel.MEDIUM);
        assertThat(BloatLevel.classify(Double.NaN, 10 * MB, 3.0, MB)).isEqualTo(BloatLevel.UNKNOWN);
    }

    @Test
    void figuresGiveRatioAndWaste() {
        BloatFigures f = new BloatFigures(8 * MB, 4 * MB, BloatFigures.EXACT, "pgstattuple", 1L);
        assertThat(f.bloatRatio()).isEqualTo(2.0);
        assertThat(f.wastedBytes()).isEqualTo(4 * MB);
        BloatFigures packed = new BloatFigures(4 * MB, 5 * MB, BloatFigures.ESTIMATED, "catalog_statistics", 1L);
        assertThat(packed.wastedBytes()).isZero();
        BloatThresholds guide = BloatThresholds.GUIDE;
        assertThat(guide.classify(false, f)).isEqualTo(BloatLevel.HIGH);
        assertThat(guide.classify(true, f)).isEqualTo(BloatLevel.MEDIUM); // indexes: 3.0, medium from 2.0
        assertThat(guide.classify(false, null)).isEqualTo(BloatLevel.UNKNOWN);
    }

    @Test
    void aThresholdAtOrBelowOneIsRefused() {
        assertThatThrownBy(() -> BloatThresholds.read(ConfigReader.of("node 'b' (BloatMonitorNode)",
                Map.of("thresholds", Map.of("table_bloat_ratio", 1.0)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("node 'b' (BloatMonitorNode)")
                .hasMessageContaining("thresholds.table_bloat_ratio").hasMessageContaining("every relation");
    }

    @Test
    void theGuidesConfigWorksAsWrittenWithTheNightWindowByDefault() {
        Map<String, Object> config = Map.of("actions", Map.of("high_bloat", "schedule_vacuum_full", "medium_bloat", "increase_vacuum_frequency"));
        new WorkflowBuilder(NodeRegistry.load(List.of())).addNode("BloatMonitorNode", "check_bloat", config).build();
        BloatRequest guide = BloatRequest.read(ConfigReader.of("n", config));
        assertThat(guide.maintenanceWindow()).isEqualTo("02:00-05:00");
        BloatRequest r = BloatRequest.read(ConfigReader.of("n", Map.of("actions", config.get("actions"), "maintenance_window", "22:00-23:00")));
        assertThat(r.maintenanceWindow()).isEqualTo("22:00-23:00");
        assertThat(r.actionsFor(BloatLevel.HIGH)).containsExactly(BloatAction.SCHEDULE_VACUUM_FULL);
        assertThat(r.actionsFor(BloatLevel.MEDIUM)).containsExactly(BloatAction.INCREASE_VACUUM_FREQUENCY);
        assertThatThrownBy(() -> BloatRequest.read(ConfigReader.of("n", Map.of("maintenance_window", "late"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maintenance_window");
    }

    @Test
    void actionsAreWordsOrListsOfWords() {
        BloatRequest r = BloatRequest.read(ConfigReader.of("n", Map.of("actions", Map.of("high_bloat", List.of("vacuum_full_now", "reindex")))));
        assertThat(r.actionsFor(BloatLevel.HIGH)).containsExactly(BloatAction.VACUUM_FULL_NOW, BloatAction.REINDEX);
        assertThatThrownBy(() -> BloatRequest.read(ConfigReader.of("n", Map.of("actions", Map.of("high_bloat", "reindx")))))
                .hasMessageContaining("did you mean 'reindex'?").hasMessageContaining("actions.high_bloat");
        assertThatThrownBy(() -> BloatRequest.read(ConfigReader.of("n", Map.of("actions", Map.of("low_bloat", "report")))))
                .hasMessageContaining("actions.low_bloat");
    }
}
