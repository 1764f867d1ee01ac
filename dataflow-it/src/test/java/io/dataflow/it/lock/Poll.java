package io.dataflow.it.lock;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition without assuming how fast a shared 2-core machine is: polls with a generous limit. */
final class Poll {

    static final Duration LIMIT = Duration.ofSeconds(90);

    private Poll() {
    }

    static <T> T until(Supplier<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up after " + LIMIT.toSeconds() + " s waiting for " + what + "; last: " + last);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }
}
