package io.dataflow.cli;

import io.dataflow.DataFlow;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = "Run due jobs in the foreground until stopped (Ctrl-C). Several may run on one database.")
final class SchedulerCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--tick-seconds", defaultValue = "5", description = "How often to look for due jobs")
    int tickSeconds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (DataFlow db = connection.options.open()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            out.println("scheduler " + db.scheduler().instance() + " on " + db.description() + ": " + db.scheduler().jobs().size()
                    + " jobs; checking every " + tickSeconds + " s (Ctrl-C stops)");
            out.flush();
            while (stopped.getCount() > 0) {
                for (var run : db.scheduler().runDue()) {
                    out.printf("%s %s (tick %s): %s in %.1f ms%s%n", run.startedAt(), run.job(), run.scheduledFor(), run.status(), run.ms(),
                            run.error() == null ? "" : ": " + run.error());
                    out.flush();
                }
                stopped.await(Duration.ofSeconds(tickSeconds).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        return 0;
    }
}
