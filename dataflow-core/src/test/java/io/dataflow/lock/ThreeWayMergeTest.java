package io.dataflow.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.crud.CrudTestModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {

    final ThreeWayMerge merge = new ThreeWayMerge(CrudTestModels.product());
    final Map<String, Object> base = Map.of("id", 1L, "name", "lamp", "price", 10.0, "version", 1L);

    @Test
    void otherFieldsChangedConcurrentlyAreNoOverlap() {
        Map<String, Object> theirs = Map.of("id", 1L, "name", "desk lamp", "price", 10.0, "version", 2L);
        assertThat(merge.overlap(base, theirs, Map.of("price", Change.set(12.0)))).isEmpty();
        assertThat(merge.changedSince(base, theirs)).containsExactly("name");
    }

    @Test
    void theSameFieldChangedToAnotherValueOverlaps() {
        Map<String, Object> theirs = Map.of("id", 1L, "name", "lamp", "price", 11.0, "version", 2L);
        assertThat(merge.overlap(base, theirs, Map.of("price", Change.set(12.0), "name", Change.set("x")))).containsExactly("price");
    }

    /** x = base.x + 2 written twice from the same base: the second would overwrite 12 with 12 and lose an update. */
    @Test
    void theSameValueWrittenOnBothSidesStillOverlapsAndValuesCompareByColumnType() {
        Map<String, Object> theirs = Map.of("id", 1L, "name", "lamp", "price", 12.0, "version", 2L);
        assertThat(merge.overlap(base, theirs, Map.of("price", Change.set(12)))).containsExactly("price");
        assertThat(merge.overlap(base, theirs, Map.of("price", Change.apply(v -> 12.0)))).containsExactly("price");
        assertThat(merge.same("price", 10, 10.0)).isTrue();
        assertThat(merge.same("version", "3", 3L)).isTrue();
        assertThat(merge.same("name", null, "x")).isFalse();
    }

    @Test
    void incAndMulComposeWithAnyConcurrentChangeOfTheField() {
        Map<String, Object> theirs = Map.of("id", 1L, "name", "lamp", "price", 11.0, "version", 2L);
        assertThat(merge.overlap(base, theirs, Map.of("price", Change.inc(1)))).isEmpty();
        assertThat(merge.overlap(base, theirs, Map.of("price", Change.mul(2)))).isEmpty();
        assertThat(merge.overlap(base, base, Map.of("price", Change.set(12.0)))).isEmpty();
    }
}
