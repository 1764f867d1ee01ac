package io.dataflow.it.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three scheduler JVMs on one database with a per-minute job: each minute runs exactly once, and
 * killing the instance that is running the job does not lose that run nor the next ones.
 * Takes about three and a half minutes of real time (cron has minute resolution).
 */
class SchedulerProcessesIT {

    @Test
    void threeInstancesRunEachTickExactlyOnceAndSurviveAKill() throws Exception {
        try (TestDatabase db = TestServers.embedded().freshDatabase()) {
            List<Process> processes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) processes.add(start(db.url(), i));
                // wait for the first run to start, then kill the instance running it
                String runner = poll(db, "SELECT instance FROM dataflow.job_runs WHERE status = 'running' LIMIT 1", 90);
                long pid = Long.parseLong(runner.substring(0, runner.indexOf('@')));
                Process victim = processes.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
                victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                String killedTick = db.value("SELECT scheduled_for FROM dataflow.job_runs WHERE instance = '" + runner + "'");
                // three distinct ticks done: the killed one (retried) and the next two
                poll(db, "SELECT 1 FROM dataflow.job_runs WHERE status = 'ok' HAVING count(DISTINCT scheduled_for) >= 3", 200);
                Thread.sleep(3000); // a duplicate, if the claim were racy, would show up now

                List<String> perTick = db.column("SELECT scheduled_for || ' ' || count(*) FILTER (WHERE status = 'ok')"
                        + " FROM dataflow.job_runs GROUP BY scheduled_for ORDER BY scheduled_for");
                assertThat(perTick).hasSize(3).allSatisfy(t -> assertThat(t).endsWith(" 1"));
                assertThat(db.column("SELECT status FROM dataflow.job_runs WHERE scheduled_for = '" + killedTick + "' ORDER BY id"))
                        .containsExactly("abandoned", "ok");
                List<String> ticks = db.column("SELECT extract(epoch FROM scheduled_for)::bigint FROM dataflow.job_runs"
                        + " WHERE status = 'ok' ORDER BY 1");
                assertThat(Long.parseLong(ticks.get(1)) - Long.parseLong(ticks.get(0))).isEqualTo(60);
                assertThat(Long.parseLong(ticks.get(2)) - Long.parseLong(ticks.get(1))).isEqualTo(60);
                assertThat(db.value("SELECT count(*) FROM ticks")).isEqualTo("3");
            } finally {
                processes.forEach(Process::destroyForcibly);
            }
        }
    }

    private static Process start(String url, int i) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SchedulerProcess.class.getName(), url, "400");
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "dataflow-scheduler-" + i + ".log"));
        return pb.start();
    }

    private static String poll(TestDatabase db, String sql, int seconds) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (Instant.now().isBefore(deadline)) {
            try {
                String v = db.value(sql);
                if (v != null) return v;
            } catch (IllegalStateException e) {
                // the state schema may not exist yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for: " + sql);
    }
}
