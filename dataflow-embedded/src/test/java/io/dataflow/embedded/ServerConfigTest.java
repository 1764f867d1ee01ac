package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void rendersLoopbackTcpOnlyWithStatStatements() {
        String conf = ServerConfig.render(54321, false, Map.of());
        assertThat(conf).contains("listen_addresses = '127.0.0.1'", "port = '54321'", "unix_socket_directories = ''",
                "shared_preload_libraries = 'pg_stat_statements'");
        assertThat(conf).doesNotContain("fsync");
    }

    @Test
    void ephemeralRelaxesDurability() {
        assertThat(ServerConfig.render(1, true, Map.of()))
                .contains("fsync = 'off'", "synchronous_commit = 'off'", "full_page_writes = 'off'");
    }

    @Test
    void userSettingsAreQuotedAndPreloadListIsExtended() {
        String conf = ServerConfig.render(1, false, Map.of(
                "search_path", "a, 'b'",
                "shared_preload_libraries", "auto_explain",
                "log_directory", "C:\\logs"));
        assertThat(conf).contains("search_path = 'a, ''b'''",
                "shared_preload_libraries = 'pg_stat_statements,auto_explain'",
                "log_directory = 'C:\\\\logs'");
    }

    @Test
    void refusesPortAndBadNames() {
        assertThatThrownBy(() -> ServerConfig.render(1, false, Map.of("port", "5432")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> ServerConfig.render(1, false, Map.of("work_mem = 1; x", "1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerConfig.render(1, false, Map.of("work_mem", "1\nport = 1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
