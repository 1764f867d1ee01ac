package io.dataflow.it.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A full rebuild uses pg_repack when the database has the extension and this machine its client
 * (the system PostgreSQL, where the test scripts install Debian's postgresql-NN-repack), and says why
 * it used VACUUM FULL otherwise (the embedded server has no pg_repack).
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PgRepackIT extends ServerTest {

    PgRepackIT(TestServers.Server server) {
        super(server);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullRebuildsUsePgRepackWhereItCanRun() {
        Tables.bloated(db, "bloated", 2);
        String major = db.value("SELECT current_setting('server_version_num')::int / 10000");
        boolean available = "1".equals(db.value("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_repack'"))
                && Files.isExecutable(Path.of("/usr/lib/postgresql/" + major + "/bin/pg_repack"));
        if (available) db.execute("CREATE EXTENSION pg_repack");
        long rows = Long.parseLong(db.value("SELECT count(*) FROM bloated"));
        long before = Tables.size(db, "bloated");
        try (DataFlow flow = db.open()) {
            Map<String, Object> out = flow.runtime().execute(flow.workflow()
                    .addNode("VacuumNode", "rebuild", Map.of("tables", List.of("bloated"), "full", true)).build()).output("rebuild");
            Map<String, Object> t = ((List<Map<String, Object>>) out.get("tables")).get(0);
            if (available) {
                assertThat(t.get("method")).isEqualTo("pg_repack");
                assertThat((String) t.get("note")).contains("rebuilt online with pg_repack");
                assertThat(Tables.size(db, "bloated")).isLessThan(before * 6 / 10);
            } else {
                assertThat(t.get("method")).isEqualTo("vacuum_full");
                assertThat((String) t.get("note")).contains("not pg_repack: pg_repack is not installed");
            }
        }
        assertThat(Long.parseLong(db.value("SELECT count(*) FROM bloated"))).isEqualTo(rows);
    }
}
