package io.dataflow.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theCeilingDoublesUpToTheMaximumAndDelaysStayUnderIt() {
        Backoff b = new Backoff(Duration.ofMillis(2), Duration.ofMillis(100));
        assertThat(b.ceilingNanos(1)).isEqualTo(2_000_000);
        assertThat(b.ceilingNanos(2)).isEqualTo(4_000_000);
        assertThat(b.ceilingNanos(6)).isEqualTo(64_000_000);
        assertThat(b.ceilingNanos(7)).isEqualTo(100_000_000);
        assertThat(b.ceilingNanos(1_000)).isEqualTo(100_000_000);
        for (int i = 0; i < 1000; i++) assertThat(b.delayNanos(3)).isBetween(0L, 8_000_000L);
        assertThat(Backoff.NONE.delayNanos(5)).isZero();
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
