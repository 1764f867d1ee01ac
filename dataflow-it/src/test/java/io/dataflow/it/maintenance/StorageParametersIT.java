package io.dataflow.it.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.maintenance.StorageParameter;
import io.dataflow.maintenance.StorageParameters;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The static parameter table agrees with the server: every bound it declares is accepted, one step
 * beyond is refused, and the TOAST variants exist exactly where the table says.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class StorageParametersIT {

    final TestServers.Server server;
    TestDatabase db;
    Connection c;
    int version;

    StorageParametersIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void probeTable() throws SQLException {
        db = server.freshDatabase();
        c = db.connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE probe (id int, body text)");
        }
        version = Integer.parseInt(db.value("SELECT current_setting('server_version_num')"));
    }

    @AfterEach
    void drop() throws SQLException {
        c.rollback();
        c.close();
        db.close();
    }

    @Test
    void everyDeclaredBoundIsTheServersBound() throws SQLException {
        List<String> disagreements = new ArrayList<>();
        for (StorageParameter p : StorageParameters.all()) {
            List<String> names = p.toast() ? List.of(p.name(), "toast." + p.name()) : List.of(p.name());
            if (!p.supportedBy(version)) {
                if (accepts(p.name(), "1")) disagreements.add(p.name() + " is accepted, though declared for a later version");
                continue;
            }
            for (String name : names) {
                for (String ok : accepted(p)) if (!accepts(name, ok)) disagreements.add(name + " = " + ok + " was refused");
                for (String bad : refused(p)) if (accepts(name, bad)) disagreements.add(name + " = " + bad + " was accepted");
            }
            if (!p.toast() && accepts("toast." + p.name(), accepted(p).get(0))) {
                disagreements.add("toast." + p.name() + " is accepted, though declared heap-only");
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static List<String> accepted(StorageParameter p) {
        return switch (p.kind()) {
            case BOOL -> List.of("true", "false");
            case ENUM -> p.values();
            case INT -> List.of(Long.toString((long) p.min()), Long.toString((long) p.max()));
            case REAL -> List.of(Double.toString(p.min()), Double.toString(p.max()));
        };
    }

    private static List<String> refused(StorageParameter p) {
        return switch (p.kind()) {
            case BOOL, ENUM -> List.of("sometimes");
            case INT -> List.of(Long.toString((long) p.min() - 1), Long.toString((long) p.max() + 1));
            case REAL -> List.of(Double.toString(p.min() - 0.001), Double.toString(p.max() + 0.001));
        };
    }

    private boolean accepts(String name, String value) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE probe SET (" + name + " = '" + value + "')");
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            c.rollback(sp);
        }
    }
}
