package io.dataflow.it.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.pool.AdaptivePoolManager;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code DataFlow.open(appOwnedHikariDataSource)}: DataFlow reads the application's pool statistics but never
 * resizes it (neither {@code reconfigurePool} nor the AdaptivePoolManager) unless the application opted in.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class ApplicationPoolIT extends ServerTest {

    ApplicationPoolIT(TestServers.Server server) {
        super(server);
    }

    private HikariDataSource applicationPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(server.user());
        if (server.password() != null) config.setPassword(server.password());
        config.setPoolName("application");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        return new HikariDataSource(config);
    }

    @Test
    void anApplicationsPoolIsReadButNeverResized() throws Exception {
        try (HikariDataSource pool = applicationPool()) {
            try (DataFlow flow = DataFlow.open(pool)) {
                assertThat(flow.poolStats().maximum()).isEqualTo(4);
                assertThat(flow.connectionPool().managed()).isFalse();

                assertThatThrownBy(() -> flow.reconfigurePool(20, 5, 2.0))
                        .isInstanceOf(DataFlowException.class)
                        .hasMessageContaining("does not resize the pool 'application'")
                        .hasMessageContaining("belongs to the application")
                        .hasMessageContaining("manageExternalPool(true)");

                AdaptivePoolManager manager = new AdaptivePoolManager(flow);
                assertThat(manager.manages()).isFalse();
                manager.sample(); // measuring is fine
                assertThat(manager.analyzeWorkload()).isNotNull();
                assertThatThrownBy(manager::optimizePool).isInstanceOf(DataFlowException.class).hasMessageContaining("belongs to the application");
                assertThatThrownBy(() -> manager.start(Duration.ofSeconds(1), 1)).isInstanceOf(DataFlowException.class)
                        .hasMessageContaining("adaptive sizing loop");
                manager.close();
            }
            // Nothing changed, and closing DataFlow left the application's pool open.
            assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
            assertThat(pool.getMinimumIdle()).isEqualTo(1);
            assertThat(pool.getConnectionTimeout()).isEqualTo(30_000);
            assertThat(pool.isClosed()).isFalse();
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void theApplicationMayLetDataFlowManageItsPool() {
        try (HikariDataSource pool = applicationPool();
             DataFlow flow = DataFlow.configure().dataSource(pool).manageExternalPool(true).open()) {
            assertThat(new AdaptivePoolManager(flow).manages()).isTrue();
            flow.reconfigurePool(6, 2, 5.0);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(8);
            assertThat(pool.getMinimumIdle()).isEqualTo(6);
            assertThat(pool.getConnectionTimeout()).isEqualTo(5_000);
        }
    }

    @Test
    void optingInNeedsAPoolDataFlowCanResize() {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(db.jdbcUrl());
        plain.setUser(server.user());
        assertThatThrownBy(() -> DataFlow.configure().dataSource(plain).manageExternalPool(true).open())
                .isInstanceOf(DataFlowException.class)
                .hasMessageContaining("manageExternalPool(true) needs a HikariCP pool")
                .hasMessageContaining("PGSimpleDataSource");
    }
}
