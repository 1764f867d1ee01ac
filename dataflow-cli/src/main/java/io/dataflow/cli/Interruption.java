package io.dataflow.cli;

import io.dataflow.DataFlow;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM: a killed client leaves its statement running on the server, so on either
 * signal the command's statements are cancelled on the server (as psql does), the command unwinds
 * (its transactions roll back, its connections close), and the JVM exits with 130 / 143. Runs as
 * a shutdown hook, which the JVM starts on SIGINT, SIGTERM and SIGHUP; the exit code is the JVM's
 * own 128 + signal.
 */
final class Interruption {

    /** How long the command gets to unwind after its statements were cancelled. */
    static final long UNWIND_MS = 1500;

    /** Weak: tests run many commands in one JVM, and a closed DataFlow must not be kept. */
    private static final Set<DataFlow> OPEN = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile boolean finished;
    private static volatile boolean interrupted;

    private Interruption() {
    }

    /** Installs the hook for this process's command (only {@code main}: tests run commands in-process). */
    static void install(PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onSignal(err), "dataflow-interrupt"));
    }

    /** The command ended by itself: a later shutdown is an ordinary exit. */
    static void finished() {
        finished = true;
        DONE.countDown();
    }

    /** True once a signal arrived: the command's errors are then the interruption's, not the user's. */
    static boolean interrupted() {
        return interrupted;
    }

    static DataFlow opened(DataFlow db) {
        OPEN.add(db);
        return db;
    }

    private static List<DataFlow> open() {
        synchronized (OPEN) {
            return List.copyOf(OPEN);
        }
    }

    private static void onSignal(PrintStream err) {
        if (finished) return;
        interrupted = true;
        int cancelled = 0;
        for (DataFlow db : open()) {
            try {
                db.runtime().cancelAll("interrupted");
                cancelled += db.cancelRunningStatements();
            } catch (RuntimeException e) {
                // closed meanwhile
            }
        }
        boolean unwound;
        try {
            unwound = DONE.await(UNWIND_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            unwound = false;
        }
        // Not unwound in time: the server is in a phase that does not check for cancels yet. Closing
        // the pool now would only add I/O errors; the JVM's exit closes the connections, and the
        // server rolls back when it notices.
        err.println("interrupted: " + (cancelled == 0 ? "nothing was running on the server"
                : "cancelled what " + cancelled + " connection" + (cancelled == 1 ? " was" : "s were") + " running on the server")
                + (unwound ? "; open transactions rolled back, connections closed"
                        : "; the server had not stopped within " + UNWIND_MS + " ms: the connections close as the process exits"));
        err.flush();
    }
}
