package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code DataFlow.open()} with no URL and no DATABASE_URL starts the embedded PostgreSQL 17. */
class EmbeddedOpenIT {

    @Test
    void openWithoutAUrlStartsTheEmbeddedServerWithItsExtensions() throws Exception {
        try (DataFlow flow = DataFlow.configure().environment(name -> null).embedded(EmbeddedSettings.throwAway()).open()) {
            assertThat(flow.embeddedServer()).isPresent();
            assertThat(flow.capabilities().majorVersion()).isEqualTo(17);
            assertThat(flow.capabilities().status("pg_stat_statements")).startsWith("installed");
            assertThat(flow.capabilities().preloadedLibraries()).contains("pg_stat_statements");
            assertThat(flow.capabilities().installed("pgstattuple")).isTrue();
            try (Connection c = flow.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) >= 0 FROM pg_stat_statements")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            flow.registerAll(Guide.models());
            assertThat(flow.sync().changed()).isTrue();
        }
    }

    @Test
    void databaseUrlFromTheEnvironmentWinsOverEmbedded() {
        TestServers.Server server = TestServers.embedded();
        try (TestDatabase db = server.freshDatabase();
             DataFlow flow = DataFlow.configure().environment(name -> name.equals("DATABASE_URL") ? db.url() : null).open()) {
            assertThat(flow.embeddedServer()).isEmpty();
            assertThat(flow.description()).contains(db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/')));
        }
    }
}
