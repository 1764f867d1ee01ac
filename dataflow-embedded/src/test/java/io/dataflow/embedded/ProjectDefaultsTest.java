package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.connect.EmbeddedProject;
import io.dataflow.spi.EmbeddedSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Without a data directory or database given, each project has its own; the environment and the builder override both. */
@Timeout(300)
class ProjectDefaultsTest {

    @TempDir
    Path tmp;

    @Test
    void theDefaultDataDirectoryIsTheProjectsOwn() throws Exception {
        for (boolean root : new boolean[] {false, true}) {
            ServerUser user = new ServerUser(root);
            Layout layout = Layout.resolve(EmbeddedSettings.persistent(), user);
            Path project = Layout.defaultBase(user).resolve("projects").resolve(EmbeddedProject.current().directoryName());
            assertThat(layout.dataDirectory()).isEqualTo(project.resolve("data"));
            assertThat(layout.leaseDirectory()).isEqualTo(project.resolve(".data.leases"));
            assertThat(layout.binariesBase()).isEqualTo(Layout.defaultBase(user)); // the binaries stay shared
        }
        assertThat(Layout.defaultBase(new ServerUser(true))).isEqualTo(Path.of("/var/lib/dataflow/embedded"));
    }

    @Test
    void theEnvironmentNamesTheDirectoryAndTheDatabase() throws Exception {
        Path dir = tmp.resolve("data");
        Map<String, String> env = Map.of("DATAFLOW_EMBEDDED_DIR", dir.toString(), "DATAFLOW_EMBEDDED_DATABASE", "shop");
        try (DataFlow db = DataFlow.configure().environment(env::get).open()) {
            assertThat(((EmbeddedPostgres) db.embeddedServer().orElseThrow()).dataDirectory()).isEqualTo(dir);
            assertThat(currentDatabase(db)).isEqualTo("shop");
        }
        // The builder wins over the environment.
        try (DataFlow db = DataFlow.configure().environment(env::get).embeddedDatabase("billing").open()) {
            assertThat(currentDatabase(db)).isEqualTo("billing");
        }
        // Neither given: the project's name.
        try (DataFlow db = DataFlow.configure().environment(name -> null).embedded(EmbeddedSettings.persistent(dir)).open()) {
            assertThat(currentDatabase(db)).isEqualTo(EmbeddedProject.current().databaseName());
        }
    }

    private static String currentDatabase(DataFlow db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
