package io.dataflow.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.cache.DatabaseIdentity;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** What the cache's keys carry, read from the server: system_identifier where readable, else host and port; the role. */
class DatabaseIdentityIT {

    @Test
    void aSuperuserReadsTheSystemIdentifierAnOrdinaryRoleFallsBackToTheAddress() {
        try (TestDatabase db = TestServers.embedded().freshDatabase()) {
            DatabaseIdentity admin = DatabaseIdentity.read(dataSource(db.jdbcUrl(), "postgres"));
            assertThat(admin.server()).startsWith("system_identifier:");
            assertThat(admin.server().substring("system_identifier:".length())).isEqualTo(db.value("SELECT system_identifier::text FROM pg_control_system()"));
            assertThat(admin.database()).isEqualTo(db.name());
            assertThat(admin.role()).isEqualTo("postgres");

            String role = "cache_reader_" + UUID.randomUUID().toString().substring(0, 8);
            db.execute("CREATE ROLE " + role + " LOGIN");
            try {
                boolean mayRead = "t".equals(db.value("SELECT has_function_privilege('" + role + "', 'pg_control_system()', 'EXECUTE')"));
                DatabaseIdentity reader = DatabaseIdentity.read(dataSource(db.jdbcUrl(), role));
                assertThat(reader.role()).isEqualTo(role);
                if (mayRead) assertThat(reader.server()).isEqualTo(admin.server());
                assertThat(reader.scope()).as("another role, other rows possibly: other keys").isNotEqualTo(admin.scope());

                // Where the function is closed to the role (function privileges are per database: only this one changes).
                db.execute("REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC");
                DatabaseIdentity refused = DatabaseIdentity.read(dataSource(db.jdbcUrl(), role));
                assertThat(refused.server()).isEqualTo("address:127.0.0.1:" + db.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            } finally {
                db.execute("DROP OWNED BY " + role + "; DROP ROLE " + role);
            }
        }
    }

    private static PGSimpleDataSource dataSource(String jdbcUrl, String user) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        return ds;
    }
}
