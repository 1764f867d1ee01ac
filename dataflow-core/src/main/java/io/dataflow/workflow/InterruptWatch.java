package io.dataflow.workflow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices an interrupt of a thread that is busy in a call that ignores interrupts (a JDBC
 * statement): a node run inline on the caller's thread. One daemon thread checks the watched
 * threads every 20 ms, so running inline stays free of thread hand-offs.
 */
final class InterruptWatch {

    private static final Map<Thread, Runnable> WATCHED = new ConcurrentHashMap<>();

    private InterruptWatch() {
    }

    /** Runs {@code onInterrupt} once if {@code thread} is interrupted before {@link #unwatch}. */
    static void watch(Thread thread, Runnable onInterrupt) {
        Checker.start();
        WATCHED.put(thread, onInterrupt);
    }

    static void unwatch(Thread thread) {
        WATCHED.remove(thread);
    }

    private static final class Checker {
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dataflow-interrupt-watch");
            t.setDaemon(true);
            return t;
        });

        static {
            TIMER.scheduleWithFixedDelay(Checker::check, 20, 20, TimeUnit.MILLISECONDS);
        }

        static void start() {
            // loading the class starts the timer
        }

        private static void check() {
            WATCHED.forEach((thread, action) -> {
                if (thread.isInterrupted() && WATCHED.remove(thread, action)) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        // the run's cancel failed; the node still ends when its statement does
                    }
                }
            });
        }
    }
}
