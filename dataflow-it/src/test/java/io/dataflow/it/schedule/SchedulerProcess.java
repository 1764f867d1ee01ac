package io.dataflow.it.schedule;

import io.dataflow.DataFlow;
import java.time.Duration;
import java.util.Map;

/** One scheduler instance in its own JVM: registers the per-minute job and runs due jobs until killed. */
public final class SchedulerProcess {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int maxSeconds = Integer.parseInt(args[1]);
        try (DataFlow db = DataFlow.configure().url(url).pool(1, 3, 10).open()) {
            db.scheduler().register("minutely", "* * * * *", "TickNode", Map.of("label", "m", "sleep_ms", 4000), null);
            db.scheduler().start(Duration.ofMillis(300));
            System.out.println("instance " + db.scheduler().instance());
            System.out.flush();
            Thread.sleep(maxSeconds * 1000L);
        }
    }
}
