package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedDatabaseProvider;
import io.dataflow.spi.EmbeddedSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class EphemeralServerTest {

    @Test
    void providerIsRegisteredForServiceLoader() {
        assertThat(ServiceLoader.load(EmbeddedDatabaseProvider.class).findFirst())
                .get().isInstanceOf(EmbeddedPostgresProvider.class);
    }

    @Test
    void ephemeralServerRunsWithExtensionsAndIsRemovedOnClose() throws Exception {
        EmbeddedDatabaseProvider provider = ServiceLoader.load(EmbeddedDatabaseProvider.class).findFirst().orElseThrow();
        long started = System.nanoTime();
        EmbeddedDatabase db = provider.start(new EmbeddedSettings(null, true, Map.of("work_mem", "8MB")));
        System.out.printf("ephemeral start took %d ms%n", (System.nanoTime() - started) / 1_000_000);
        Path dataDir = ((EmbeddedPostgres) db).dataDirectory();
        Path tempRoot = dataDir.getParent();
        String url = db.jdbcUrl("postgres");
        try {
            assertThat(db.owned()).isTrue();
            assertThat(db.user()).isEqualTo("postgres");
            assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres");
            assertThat(db.port()).isNotIn(5432, 6379);
            assertThat(db.serverVersion()).matches("17\\.\\d+");
            assertThat(tempRoot.getFileName().toString()).startsWith("dataflow-embedded-");
            assertThat(tempRoot.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());

            assertThat(Sql.queryString(db, "SHOW server_version")).startsWith("17");
            assertThat(Sql.queryString(db, "SHOW shared_preload_libraries")).contains("pg_stat_statements");
            assertThat(Sql.queryString(db, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(Sql.queryString(db, "SHOW fsync")).isEqualTo("off");
            assertThat(Sql.queryString(db, "SHOW work_mem")).isEqualTo("8MB");
            assertThat(Sql.queryString(db, "SHOW server_encoding")).isEqualTo("UTF8");

            Sql.execute(db, "CREATE EXTENSION pg_stat_statements");
            Sql.execute(db, "CREATE EXTENSION pgstattuple");
            assertThat(Sql.queryString(db, "SELECT count(*) >= 0 FROM pg_stat_statements")).isEqualTo("t");
            assertThat(Sql.queryString(db, "SELECT table_len > 0 FROM pgstattuple('pg_class')")).isEqualTo("t");
        } finally {
            db.close();
        }
        db.close(); // idempotent

        assertThatThrownBy(() -> Sql.connect(url, "postgres")).isInstanceOf(SQLException.class);
        assertThat(tempRoot).doesNotExist();
    }

    @Test
    void failedStartReportsTheCommandAndTheServerLogAndCleansUp() throws Exception {
        Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = tempRoots(tmpDir);
        EmbeddedSettings bad = new EmbeddedSettings(null, true, Map.of("shared_buffers", "plenty"));
        assertThatThrownBy(() -> new EmbeddedPostgresProvider().start(bad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pg_ctl")
                .hasMessageContaining("start")
                .hasMessageContaining("Last lines of")
                .hasMessageContaining("shared_buffers");
        // Other JVMs on the machine may create and remove such entries meanwhile: what must be gone is ours,
        // the entries that mention the bad setting.
        java.util.Set<Path> left = new java.util.HashSet<>(tempRoots(tmpDir));
        left.removeAll(before);
        assertThat(left).noneMatch(EphemeralServerTest::mentionsTheBadSetting);
    }

    private static boolean mentionsTheBadSetting(Path entry) {
        try (var files = java.nio.file.Files.walk(entry)) {
            return files.filter(java.nio.file.Files::isRegularFile).anyMatch(f -> {
                try {
                    return java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains("plenty");
                } catch (java.io.IOException gone) {
                    return false; // removed meanwhile, or unreadable: not evidence of a leftover
                }
            });
        } catch (java.io.IOException | java.io.UncheckedIOException gone) {
            return false;
        }
    }

    private static java.util.Set<Path> tempRoots(Path tmpDir) throws java.io.IOException {
        try (var list = java.nio.file.Files.list(tmpDir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("dataflow-embedded-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
