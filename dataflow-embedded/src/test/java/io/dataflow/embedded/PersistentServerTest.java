package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class PersistentServerTest {

    private final EmbeddedPostgresProvider provider = new EmbeddedPostgresProvider();

    @TempDir
    Path tmp;

    @Test
    void dataSurvivesRestartAndSecondStartAttaches() throws Exception {
        Path data = tmp.resolve("data");
        String firstUrl;
        try (EmbeddedDatabase first = provider.start(EmbeddedSettings.persistent(data))) {
            assertThat(first.owned()).isTrue();
            firstUrl = first.jdbcUrl("postgres");
            Sql.execute(first, "CREATE TABLE kept (v text)");
            Sql.execute(first, "INSERT INTO kept VALUES ('still here')");
            assertThat(Sql.queryString(first, "SHOW fsync")).isEqualTo("on"); // durable unless ephemeral

            try (EmbeddedDatabase second = provider.start(EmbeddedSettings.persistent(data))) {
                assertThat(second.owned()).isFalse();
                assertThat(second.port()).isEqualTo(first.port());
                assertThat(second.serverVersion()).isEqualTo(first.serverVersion());
                assertThat(Sql.queryString(second, "SELECT v FROM kept")).isEqualTo("still here");
            }
            // Closing the attached handle left the first one's server running.
            assertThat(Sql.queryString(first, "SELECT count(*) FROM kept")).isEqualTo("1");
        }
        assertThatThrownBy(() -> Sql.connect(firstUrl, "postgres")).isInstanceOf(SQLException.class);
        assertThat(data.resolve("PG_VERSION")).exists(); // persistent: kept on close

        try (EmbeddedDatabase again = provider.start(EmbeddedSettings.persistent(data))) {
            assertThat(again.owned()).isTrue();
            assertThat(Sql.queryString(again, "SELECT v FROM kept")).isEqualTo("still here");
            assertThat(((EmbeddedPostgres) again).logFile())
                    .isEqualTo(tmp.resolve("logs").resolve("postgres-" + again.port() + ".log"))
                    .exists();
        }
    }

    @Test
    void stalePidFileFromAKilledServerDoesNotBlockTheNextStart() throws Exception {
        Path data = tmp.resolve("stale");
        Path pidFile = data.resolve("postmaster.pid");
        byte[] stale;
        try (EmbeddedDatabase db = provider.start(EmbeddedSettings.persistent(data))) {
            stale = Files.readAllBytes(pidFile);
        }
        // As if the server had been killed: the pid file stays, naming a process that is gone.
        long pid = Long.parseLong(new String(stale, StandardCharsets.US_ASCII).lines().findFirst().orElseThrow().strip());
        awaitGone(pid);
        Files.write(pidFile, stale);
        Files.setOwner(pidFile, Files.getOwner(data));

        try (EmbeddedDatabase db = provider.start(EmbeddedSettings.persistent(data))) {
            assertThat(db.owned()).isTrue();
            assertThat(Sql.queryString(db, "SELECT 1")).isEqualTo("1");
        }
    }

    private static void awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc", Long.toString(pid))); i++) {
            Thread.sleep(100);
        }
    }

    @Test
    void pidFileNamingAnotherLiveProcessIsTreatedAsStale() throws Exception {
        Path data = tmp.resolve("reused");
        Path pidFile = data.resolve("postmaster.pid");
        List<String> lines;
        try (EmbeddedDatabase db = provider.start(EmbeddedSettings.persistent(data))) {
            lines = new ArrayList<>(Files.readAllLines(pidFile));
        }
        // The pid was reused by an unrelated process of the server's own user (here: a sleep run as that user).
        Process other = new ProcessBuilder(new ServerUser(ServerUser.effectiveUid() == 0).command(List.of("sleep", "60"))).start();
        try {
            long otherPid = other.pid();
            if (ServerUser.effectiveUid() == 0) { // wait for runuser's child: the sleep that runs as nobody
                for (int i = 0; i < 100 && other.descendants().findAny().isEmpty(); i++) {
                    Thread.sleep(50);
                }
                otherPid = other.descendants().map(ProcessHandle::pid).findFirst().orElseThrow();
            }
            lines.set(0, Long.toString(otherPid));
            Files.write(pidFile, lines);
            Files.setOwner(pidFile, Files.getOwner(data));
            try (EmbeddedDatabase db = provider.start(EmbeddedSettings.persistent(data))) {
                assertThat(db.owned()).isTrue();
                assertThat(Sql.queryString(db, "SELECT 1")).isEqualTo("1");
            }
        } finally {
            other.descendants().forEach(ProcessHandle::destroy);
            other.destroy();
        }
    }

    @Test
    void ephemeralInAGivenDirectoryDeletesThatDirectoryOnClose() throws Exception {
        Path data = tmp.resolve("scratch");
        EmbeddedDatabase db = provider.start(new EmbeddedSettings(data, true, java.util.Map.of()));
        try {
            assertThat(Sql.queryString(db, "SHOW synchronous_commit")).isEqualTo("off");
        } finally {
            db.close();
        }
        assertThat(data).doesNotExist();
    }
}
