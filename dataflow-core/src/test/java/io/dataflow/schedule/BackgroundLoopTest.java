package io.dataflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {

    @Test
    void aFailingRunIsLoggedAndTheLoopGoesOn() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        try (BackgroundLoop loop = BackgroundLoop.start("test-loop", Duration.ZERO, Duration.ofMillis(1), "test run", () -> {
            runs.incrementAndGet();
            third.countDown();
            throw new IllegalStateException("boom"); // every run fails
        })) {
            assertThat(third.await(60, TimeUnit.SECONDS)).as("runs go on after failures").isTrue(); // a hang guard, not a speed limit
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void closeStopsTheLoop() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        BackgroundLoop loop = BackgroundLoop.start("test-loop", Duration.ZERO, Duration.ofMillis(1), "test run", () -> {
            runs.incrementAndGet();
            first.countDown();
        });
        assertThat(first.await(60, TimeUnit.SECONDS)).isTrue();
        loop.close();
        Thread.sleep(50); // let a run that had started finish
        int after = runs.get();
        Thread.sleep(100);
        assertThat(runs.get()).isEqualTo(after);
    }
}
