package io.dataflow.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run in the background on one daemon thread, at a fixed delay, until closed. A run that
 * fails is logged and the loop goes on: one bad pass must not stop the scheduler, the monitor or
 * the pool sizing for the life of the process.
 */
public final class BackgroundLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    private final ScheduledExecutorService executor;

    private BackgroundLoop(String thread, Duration firstAfter, Duration every, String what, Runnable task) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError | AssertionError e) {
                // an uncaught Throwable would end scheduleWithFixedDelay for good, silently
                log.warn("{} failed: {}", what, e.toString());
            }
        }, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param thread     the thread's name
     * @param firstAfter delay before the first run
     * @param every      delay between the end of a run and the start of the next
     * @param what       what a run does, for the log line when one fails
     */
    public static BackgroundLoop start(String thread, Duration firstAfter, Duration every, String what, Runnable task) {
        return new BackgroundLoop(thread, firstAfter, every, what, task);
    }

    /** Stops the loop; a run in progress is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
