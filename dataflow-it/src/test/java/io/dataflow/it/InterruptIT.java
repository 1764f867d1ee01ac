package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM on real CLI processes (issue 29): the command's statement is cancelled on the
 * server, the process prints "interrupted: ..." and exits 130 / 143, and no DataFlow backend is
 * left working. The statement is held by a lock this test takes, so it runs until cancelled;
 * DataFlow's backends are found by their application_name in pg_stat_activity.
 */
class InterruptIT {

    static TestDatabase db;

    @BeforeAll
    static void data() {
        db = TestServers.embedded().freshDatabase();
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL, total numeric NOT NULL)");
        db.execute("INSERT INTO orders SELECT g, g % 100, g FROM generate_series(1, 1000) g");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @ParameterizedTest(name = "{0} gets SIG{1}")
    @CsvSource({"run, TERM, 143", "run, INT, 130", "analyze, TERM, 143", "analyze, INT, 130", "advise, TERM, 143", "advise, INT, 130"})
    void aSignalCancelsTheRunningStatementOnTheServer(String command, String signal, int exitCode, @TempDir Path dir) throws Exception {
        assumeFalse(signal.equals("INT") && sigintIgnored(), "SIGINT is ignored by this JVM's parent, so a CLI started from it ignores Ctrl-C too");
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE"); // every command below waits on it: "running" until cancelled
            Process cli = start(dir, arguments(command, dir));
            try {
                await(60_000, "a DataFlow backend waiting on the lock", () -> count("wait_event_type = 'Lock'") > 0);
                if (signal.equals("TERM")) {
                    cli.destroy();
                } else {
                    new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).inheritIO().start().waitFor();
                }
                // within 2 s of the signal no DataFlow backend is working any more (no fixed sleep: polled)
                await(2_000, "no DataFlow backend active 2 s after SIG" + signal, () -> count("state <> 'idle'") == 0);
                assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("the CLI exits").isTrue();
                assertThat(cli.exitValue()).isEqualTo(exitCode);
                String err = Files.readString(dir.resolve("err.txt"));
                assertThat(err).contains("interrupted: ").doesNotContain("\tat ").doesNotContain("Exception in thread");
                await(10_000, "no DataFlow backend left once the CLI exited", () -> count("true") == 0);
            } finally {
                cli.destroyForcibly();
                locker.rollback();
            }
        }
    }

    private List<String> arguments(String command, Path dir) throws Exception {
        String query = "SELECT count(*) FROM orders WHERE total > 10";
        return switch (command) {
            case "run" -> {
                Path flow = dir.resolve("flow.yaml");
                Files.writeString(flow, "nodes:\n  - {type: QueryPlanAnalyzerNode, id: heavy, config: {query: \"" + query + "\", timeout_ms: 600000}}\n");
                yield List.of("run", flow.toString(), "--url", db.url());
            }
            case "analyze" -> List.of("analyze", "--sql", query, "--timeout-ms", "600000", "--no-suggest", "--url", db.url());
            default -> {
                Path workload = dir.resolve("workload.sql");
                Files.writeString(workload, query + ";\n");
                yield List.of("advise", "--sql-file", workload.toString(), "--what-if", "rollback", "--url", db.url());
            }
        };
    }

    /** The CLI as users run it: its own JVM, main() and all. */
    private static Process start(Path dir, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.dataflow.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        return pb.start();
    }

    /** DataFlow's backends on the test database matching {@code condition}. */
    private static int count(String condition) {
        return Integer.parseInt(db.value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'dataflow' AND pid <> pg_backend_pid() AND (" + condition + ")"));
    }

    private static void await(long millis, String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within " + millis + " ms: " + what);
            Thread.sleep(25);
        }
    }

    private static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) return (Long.parseLong(line.substring(7).trim(), 16) & 0x2) != 0;
        }
        return false;
    }
}
