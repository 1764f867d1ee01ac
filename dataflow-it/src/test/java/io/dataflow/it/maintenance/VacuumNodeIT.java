package io.dataflow.it.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.schedule.JobRun;
import io.dataflow.workflow.NodeResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** VacuumNode: VACUUM outside any transaction block, every table checked before the first runs. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class VacuumNodeIT {

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;

    VacuumNodeIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void tables() {
        db = server.freshDatabase();
        Tables.bloated(db, "bloated", 2);
        flow = db.open();
    }

    @AfterEach
    void drop() {
        flow.close();
        db.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void vacuumFullGivesTheSpaceBackAndSaysWhatItLocked() {
        long before = Tables.size(db, "bloated");
        Map<String, Object> out = Tables.untilNoDeadRows(db, "bloated", () -> flow.runtime().execute(flow.workflow()
                .addNode("VacuumNode", "vacuum", Map.of("tables", List.of("bloated"), "full", true)).build()).output("vacuum"));
        Map<String, Object> t = ((List<Map<String, Object>>) out.get("tables")).get(0);
        assertThat(t.get("table")).isEqualTo("public.bloated");
        assertThat(t.get("method")).isEqualTo("vacuum_full");
        assertThat(t.get("statement")).isEqualTo("VACUUM (FULL, ANALYZE) \"public\".\"bloated\"");
        assertThat((String) t.get("note")).contains("ACCESS EXCLUSIVE").contains("not pg_repack");
        assertThat(((Number) t.get("bytes_after")).longValue()).isLessThan(((Number) t.get("bytes_before")).longValue());
        assertThat(Tables.size(db, "bloated")).isLessThan(before * 6 / 10);
    }

    @Test
    void aMissingTableRefusesTheWholeRequestBeforeAnyVacuum() {
        String filenode = db.value("SELECT relfilenode FROM pg_class WHERE relname = 'bloated'");
        NodeResult r = flow.runtime().execute(flow.workflow().addNode("VacuumNode", "vacuum",
                Map.of("tables", List.of("bloated", "blotted"), "full", true)).build()).node("vacuum");
        assertThat(r.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(r.error()).contains("node 'vacuum' (VacuumNode)").contains("tables[1]").contains("'blotted' does not exist")
                .contains("did you mean 'bloated'?");
        // VACUUM FULL would have given the table a new file
        assertThat(db.value("SELECT relfilenode FROM pg_class WHERE relname = 'bloated'")).isEqualTo(filenode);
    }

    @Test
    void withAScheduleItRegistersAJobThatVacuumsWhenRun() {
        Map<String, Object> out = flow.runtime().execute(flow.workflow().addNode("VacuumNode", "nightly_vacuum",
                Map.of("tables", List.of("bloated"), "schedule", "daily", "maintenance_window", "01:00-04:00")).build()).output("nightly_vacuum");
        assertThat(out.get("scheduled")).isEqualTo(true);
        assertThat(flow.scheduler().job("nightly_vacuum").orElseThrow().maintenanceWindow()).isEqualTo("01:00-04:00");
        JobRun run = flow.scheduler().runNow("nightly_vacuum");
        assertThat(run.status()).as(run.error()).isEqualTo("ok");
        assertThat(db.value("SELECT reltuples::int FROM pg_class WHERE relname = 'bloated'")).isEqualTo("50000");
    }
}
