package io.dataflow.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationTest {

    private static Verification of(Boolean equivalent, Double before, Double after) {
        return new Verification(equivalent, false, 10L, 10L, null, 100.0, 50.0, before, after, 1000, after == null ? null : (before == null ? 1000 : before) / after, List.of());
    }

    @Test
    void anEquivalentRewriteThatRanSlowerSaysSo() {
        assertThat(of(true, 153.3, 278.7).slowerNote()).hasValueSatisfying(note -> assertThat(note)
                .contains("not faster").contains("278.7 ms against 153.3 ms").contains("0.55x"));
    }

    @Test
    void fasterDifferentOrUndecidedRewritesGetNoSuchNote() {
        assertThat(of(true, 270.0, 229.0).slowerNote()).isEmpty();
        assertThat(of(false, 100.0, 200.0).slowerNote()).as("different results are reported as such").isEmpty();
        assertThat(of(null, null, 200.0).slowerNote()).as("original stopped at the timeout").isEmpty();
    }
}
