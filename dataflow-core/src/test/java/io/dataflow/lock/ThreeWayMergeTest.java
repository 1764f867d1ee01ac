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
        assertThat(merge.overlap(base, theirs, Map.of("price", 12.0))).isEmpty();
        assertThat(merge.changedSince(base, theirs)).containsExactly("name");
    }

    @Test
    void theSameFieldChangedToAnotherValueOverlaps() {
        Map<String, Object> theirs = Map.of("id", 1L, "name", "lamp", "price", 11.0, "version", 2L);
        assertThat(merge.overlap(base, theirs, Map.of("price", 12.0, "name", "x"))).containsExactly("price");
    }

    @Test
    void theSameChangeOnBothSidesIsNoOverlapAndValuesCompareByColumnType() {
        Map<String, Object> theirs = Map.of("id", 1L, "name", "lamp", "price", 12.0, "version", 2L);
        assertThat(merge.overlap(base, theirs, Map.of("price", 12))).isEmpty();
        assertThat(merge.same("price", 10, 10.0)).isTrue();
        assertThat(merge.same("version", "3", 3L)).isTrue();
        assertThat(merge.same("name", null, "x")).isFalse();
    }
}
