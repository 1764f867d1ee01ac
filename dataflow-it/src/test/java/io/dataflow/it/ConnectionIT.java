package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.config.ConfigException;
import io.dataflow.pool.PoolStats;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class ConnectionIT extends ServerTest {

    ConnectionIT(TestServers.Server server) {
        super(server);
    }


    @Test
    void reportsDialectVersionAndCapabilities() {
        try (DataFlow flow = db.open()) {
            assertThat(flow.dialect()).isEqualTo("postgresql");
            assertThat(flow.capabilities().majorVersion()).isGreaterThanOrEqualTo(13);
            assertThat(flow.capabilities().serverVersion()).startsWith(String.valueOf(flow.capabilities().majorVersion()));
            assertThat(flow.capabilities().available("pg_stat_statements")).isTrue();
            assertThat(flow.capabilities().connectionLimit()).isPositive().isLessThan(flow.capabilities().maxConnections());
            assertThat(flow.description()).doesNotContain("password");
        }
    }

    @Test
    void poolStatsAndLiveReconfiguration() throws Exception {
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(2, 2, 5).open()) {
            PoolStats stats = flow.poolStats();
            assertThat(stats.maximum()).isEqualTo(4);
            assertThat(stats.minimumIdle()).isEqualTo(2);
            assertThat(stats.timeoutMillis()).isEqualTo(5000);
            try (Connection c = flow.dataSource().getConnection()) {
                assertThat(flow.poolStats().active()).isEqualTo(1);
            }
            flow.reconfigurePool(3, 4, 10);
            assertThat(flow.poolStats()).extracting(PoolStats::maximum, PoolStats::minimumIdle, PoolStats::timeoutMillis)
                    .containsExactly(7, 3, 10_000L);
            flow.reconfigurePool(1, 1, 2);
            assertThat(flow.poolStats()).extracting(PoolStats::maximum, PoolStats::minimumIdle).containsExactly(2, 1);
        }
    }

    @Test
    void refusesAPoolLargerThanTheServerAccepts() {
        try (DataFlow flow = db.open()) {
            int limit = flow.capabilities().connectionLimit();
            PoolStats before = flow.poolStats();
            assertThatThrownBy(() -> flow.reconfigurePool(limit, 1, 10))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("pool_size + pool_max_overflow = " + (limit + 1))
                    .hasMessageContaining("max_connections less superuser_reserved_connections is " + limit);
            assertThat(flow.poolStats().maximum()).isEqualTo(before.maximum());
        }
    }

    @Test
    void countsConnectionTimeouts() throws Exception {
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 0, 0.25).open()) {
            try (Connection held = flow.dataSource().getConnection()) {
                assertThatThrownBy(() -> flow.dataSource().getConnection()).isInstanceOf(SQLException.class);
                assertThat(flow.poolStats().threadsWaiting()).isZero();
            }
            assertThat(flow.poolStats().connectionTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void opensOnAnApplicationOwnedDataSourceWithoutClosingIt() throws Exception {
        try (DataFlow owner = db.open()) {
            try (DataFlow borrowed = DataFlow.open(owner.dataSource())) {
                assertThat(borrowed.dialect()).isEqualTo("postgresql");
                assertThat(borrowed.poolStats().maximum()).isEqualTo(owner.poolStats().maximum());
            }
            try (Connection c = owner.dataSource().getConnection()) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void badUrlsFailClearly() {
        assertThatThrownBy(() -> DataFlow.open("mysql://localhost/x")).hasMessageContaining("not a PostgreSQL URL");
        assertThatThrownBy(() -> DataFlow.open("postgresql://nobody:wrong@127.0.0.1:1/none"))
                .hasMessageContaining("cannot connect").hasMessageNotContaining("wrong");
    }
}
