package io.dataflow.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderByTest {

    @Test
    void parsesEveryAcceptedSpelling() {
        assertThat(OrderBy.parse("created_at")).isEqualTo(new OrderBy("created_at", false));
        assertThat(OrderBy.parse("-created_at")).isEqualTo(new OrderBy("created_at", true));
        assertThat(OrderBy.parse("+created_at")).isEqualTo(new OrderBy("created_at", false));
        assertThat(OrderBy.parse("created_at desc")).isEqualTo(new OrderBy("created_at", true));
        assertThat(OrderBy.parse("  created_at   DESC ")).isEqualTo(new OrderBy("created_at", true));
        assertThat(OrderBy.parse("created_at Asc")).isEqualTo(new OrderBy("created_at", false));
    }

    @Test
    void refusesWhatIsNotAnOrdering() {
        for (String bad : new String[] {"", " ", "-", "created_at sideways", "a b c", "- a b", "--a"}) {
            assertThatThrownBy(() -> OrderBy.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("order_by");
        }
    }

    @Test
    void queryRefusesNegativePagesAndKeepsNullFilterValues() {
        assertThatThrownBy(() -> new Query(Map.of(), null, -1, null)).hasMessageContaining("limit").hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new Query(Map.of(), null, null, -5)).hasMessageContaining("offset");
        java.util.Map<String, Object> f = new java.util.HashMap<>();
        f.put("deleted_at", null);
        assertThat(Query.of(f).filter()).containsEntry("deleted_at", null);
        assertThat(Query.of(null).orderBy("-id").page(10, 20)).isEqualTo(new Query(Map.of(), java.util.List.of(OrderBy.desc("id")), 10, 20));
    }

    @Test
    void bulkOptionsRefuseAZeroBatch() {
        assertThat(BulkOptions.defaults().batchSize()).isEqualTo(1000);
        assertThatThrownBy(() -> new BulkOptions(0, false, null)).hasMessageContaining("batch_size");
        assertThat(new BulkOptions(5, false, null).progress()).isSameAs(ProgressListener.NONE);
    }
}
