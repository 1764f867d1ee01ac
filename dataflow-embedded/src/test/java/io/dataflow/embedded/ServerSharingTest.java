package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several application JVMs on one embedded server (the IDE's run while {@code mvn test} runs): the server
 * stays up while any live process holds a lease, whoever started it, and stops when the last one leaves,
 * also when a holder was killed with SIGKILL and never said goodbye.
 */
@Timeout(600)
class ServerSharingTest {

    @TempDir
    Path tmp;

    private final List<Holder> holders = new java.util.ArrayList<>();

    @AfterEach
    void killLeftovers() {
        holders.forEach(h -> h.process.destroyForcibly());
    }

    @Test
    void theStarterLeavesFirstAndTheOtherKeepsWorking() throws Exception {
        Path data = tmp.resolve("data");
        Holder starter = holder(data);
        assertThat(starter.ready).contains("owned=true");
        Holder other = holder(data);
        assertThat(other.ready).contains("owned=false").contains("port=" + starter.port());
        assertThat(leases(data)).hasSize(2);

        starter.close();
        assertThat(other.ask("query")).isEqualTo("ROW app");
        assertThat(data.resolve("postmaster.pid")).exists();
        assertThat(leases(data)).hasSize(1);

        other.close();
        assertStopped(data, starter.port());
        assertThat(leases(data)).isEmpty();
    }

    @Test
    void aHolderKilledWithSigkillNeitherStopsTheServerNorKeepsItRunning() throws Exception {
        Path data = tmp.resolve("data");
        Holder starter = holder(data);
        Holder other = holder(data);
        starter.kill(); // no shutdown hook runs: its lease stays behind

        assertThat(other.ask("query")).as("the server outlived its killed starter").isEqualTo("ROW app");
        assertThat(leases(data)).hasSize(2);

        other.close(); // the last live holder: the killed one's stale lease does not count
        assertStopped(data, starter.port());
        assertThat(leases(data)).isEmpty();
    }

    @Test
    void whenTheOnlyHolderWasKilledTheNextOneStopsTheServerWhenItLeaves() throws Exception {
        Path data = tmp.resolve("data");
        Holder only = holder(data);
        only.kill();
        assertThat(data.resolve("postmaster.pid")).as("nobody was left to stop it").exists();

        Holder next = holder(data);
        assertThat(next.ready).contains("owned=false").contains("port=" + only.port());
        assertThat(next.ask("query")).isEqualTo("ROW app");
        next.close();
        assertStopped(data, only.port());
    }

    @Test
    void aLeaseIsLiveOnlyWhileItsProcessRuns() throws Exception {
        long pid = ProcessHandle.current().pid();
        long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        assertThat(Leases.isLive(pid + "-" + started + "-1")).isTrue();
        assertThat(Leases.isLive(pid + "-" + (started - 60_000) + "-1")).as("same pid, other start: a reused pid").isFalse();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(Leases.isLive(gone.pid() + "-0-1")).isFalse();
        assertThat(Leases.isLive("not-a-lease")).isFalse();

        Leases leases = new Leases(tmp.resolve("leases"));
        Path mine = leases.take();
        Files.writeString(tmp.resolve("leases").resolve(gone.pid() + "-1-7"), "");
        assertThat(leases.live()).isEqualTo(1);
        assertThat(tmp.resolve("leases").resolve(gone.pid() + "-1-7")).as("a stale lease is cleared").doesNotExist();
        leases.release(mine);
        assertThat(leases.live()).isZero();
    }

    private static List<Path> leases(Path data) throws IOException {
        Path dir = data.resolveSibling(".data.leases");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static void assertStopped(Path data, int port) {
        assertThat(data.resolve("postmaster.pid")).as("the last holder stopped the server").doesNotExist();
        assertThatThrownBy(() -> Sql.connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres"))
                .isInstanceOf(SQLException.class);
    }

    private Holder holder(Path data) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", "");
        if (classpath.isBlank()) classpath = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", classpath, LeaseHolderProbe.class.getName(), data.toString()))
                .redirectError(tmp.resolve("holder-" + holders.size() + ".err").toFile())
                .start();
        Holder h = new Holder(process, tmp.resolve("holder-" + holders.size() + ".err"));
        holders.add(h);
        h.ready = h.line();
        assertThat(h.ready).as("holder started; its stderr:\n%s", h.errors()).startsWith("READY");
        return h;
    }

    /** One application JVM, driven line by line. */
    private static final class Holder {
        final Process process;
        final Path stderr;
        final BufferedReader out;
        final Writer in;
        String ready;

        Holder(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        int port() {
            return Integer.parseInt(ready.replaceAll(".*port=(\\d+).*", "$1"));
        }

        String line() throws IOException {
            String line = out.readLine();
            return line == null ? "(exited)" : line;
        }

        String ask(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            return line();
        }

        void close() throws Exception {
            assertThat(ask("close")).as("closed; stderr:\n%s", errors()).isEqualTo("CLOSED");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        }

        String errors() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(unreadable)";
            }
        }
    }
}
