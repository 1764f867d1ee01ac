package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigException;
import io.dataflow.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile {@code where} and {@code expression} fragments: every one is refused, and the database is
 * exactly as it was afterwards (a victim table and its row survive, nothing new appears).
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class HostileFragmentsIT {

    static final List<String> HOSTILE = List.of(
            "status = 'x'; DROP TABLE victims",
            "status = 'x');DROP TABLE victims;--",
            "status = 'x' -- ; DROP TABLE victims",
            "status = 'x' /* */ OR 1=1",
            "status = 'x\\'; DROP TABLE victims; --",
            "status = 'unterminated",
            "status = \"unterminated",
            "status = $$x$$; DROP TABLE victims",
            "user_id IN (SELECT id FROM victims)",
            "EXISTS (SELECT pg_sleep(1))",
            "(SELECT 1) = 1",
            "secret_column = 1",
            "victims.id = 1",
            "status = 'x' status",
            "status = :p",
            "");

    final TestServers.Server server;

    HostileFragmentsIT(TestServers.Server server) {
        this.server = server;
    }

    TestDatabase db;
    DataFlow flow;
    List<String> before;

    @BeforeEach
    void setUp() {
        db = server.freshDatabase();
        db.execute("CREATE TABLE victims (id int); INSERT INTO victims VALUES (42)");
        flow = db.open();
        before = db.catalogFingerprint();
    }

    @AfterEach
    void tearDown() {
        flow.close();
        assertThat(db.value("SELECT id FROM victims")).isEqualTo("42");
        db.close();
    }

    static List<String> hostile() {
        return HOSTILE;
    }

    private static ModelSpec orderWithIndex(Map<String, Object> index) {
        return ModelSpec.fromMap(Map.of("name", "Order", "fields", Map.of("user_id", "int", "status", "str", "created_at", "datetime"),
                "dataflow", Map.of("indexes", List.of(index))));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileWhereIsRefusedAndNothingChanges(String fragment) {
        assertThatThrownBy(() -> flow.register(orderWithIndex(Map.of("fields", List.of("user_id"), "where", fragment, "name", "idx_evil"))).sync())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model Order, index idx_evil")
                .hasMessageContaining("where");
        assertThat(flow.models()).isEmpty();
        assertThat(db.catalogFingerprint()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileExpressionIsRefusedAndNothingChanges(String fragment) {
        assertThatThrownBy(() -> flow.register(orderWithIndex(Map.of("expression", fragment, "name", "idx_evil"))).sync())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model Order, index idx_evil")
                .hasMessageContaining("expression");
        assertThat(db.catalogFingerprint()).isEqualTo(before);
    }

    /** Valid SQL that PostgreSQL cannot index: refused by the server during planning, before any real DDL. */
    @ParameterizedTest
    @ValueSource(strings = {"random() > 0.5", "created_at > now()", "status = pg_sleep(0)::text"})
    void nonImmutableFragmentsAreRefusedByTheProbeBeforeAnythingRuns(String fragment) {
        try (DataFlow other = db.open()) {
            other.register(orderWithIndex(Map.of("fields", List.of("user_id"), "where", fragment, "name", "idx_volatile")));
            assertThatThrownBy(other::sync)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("model Order, index idx_volatile")
                    .hasMessageContaining("PostgreSQL refused the definition");
            assertThatThrownBy(other::schemaPlan).isInstanceOf(ConfigException.class);
        }
        assertThat(db.catalogFingerprint()).isEqualTo(before);
    }
}
