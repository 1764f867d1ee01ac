package io.dataflow.crud;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.model.ModelSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkRowsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.123456789Z"), ZoneOffset.UTC);
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-02T03:04:05.123456Z");

    private static BulkRows rows(ModelSpec model, List<? extends Map<String, ?>> rows) {
        return new BulkRows(model, new RowValues(model), new Timestamps(model, CLOCK), rows);
    }

    @Test
    void columnsAreTheUnionOfKeysInModelOrderPlusManagedTimestamps() {
        BulkRows r = rows(CrudTestModels.allTypes(), List.of(Map.of("s_str", "a"), Map.of("n_int", 1)));
        assertThat(r.columnNames()).containsExactly("n_int", "s_str", "created_at", "updated_at");
        assertThat(r.copyable()).isTrue();
        assertThat(r.bound(0)).containsExactly(BulkRows.ABSENT, "a", NOW, NOW);
        assertThat(r.bound(1)).containsExactly(1L, BulkRows.ABSENT, NOW, NOW);
        assertThat(r.boundForCopy(0)).containsExactly(null, "a", NOW, NOW);
    }

    @Test
    void anExplicitNullIsNullWhileAnAbsentKeyTakesTheDefault() {
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("name", null);
        BulkRows r = rows(CrudTestModels.product(), new LinkedList<>(List.of(explicitNull, Map.of("name", "x", "version", 4))));
        assertThat(r.columnNames()).containsExactly("name", "version");
        assertThat(r.bound(0)).containsExactly(null, BulkRows.ABSENT);
        assertThat(r.boundForCopy(0)).containsExactly(null, 1L); // the model's declared default
        assertThat(r.bound(1)).containsExactly("x", 4L);
    }

    @Test
    void rowsThatMixGivenAndAbsentIdsCannotBeCopied() {
        BulkRows mixed = rows(CrudTestModels.product(), List.of(Map.of("id", 5, "name", "a"), Map.of("name", "b")));
        assertThat(mixed.columnNames()).containsExactly("id", "name");
        assertThat(mixed.copyable()).isFalse();
        assertThat(mixed.bound(1)).containsExactly(BulkRows.ABSENT, "b");
        assertThat(rows(CrudTestModels.product(), List.of(Map.of("id", 5), Map.of("id", 6))).copyable()).isTrue();
        BulkRows empty = rows(CrudTestModels.product(), List.of(Map.of(), Map.of()));
        assertThat(empty.columnNames()).containsExactly("id");
        assertThat(empty.copyable()).isFalse();
    }

    @Test
    void aGivenTimestampIsKeptAndANullOneIsFilledIn() {
        Map<String, Object> nullCreated = new HashMap<>();
        nullCreated.put("created_at", null);
        BulkRows r = rows(CrudTestModels.allTypes(), List.of(Map.of("created_at", "2020-01-01"), nullCreated));
        assertThat(r.bound(0)).containsExactly(OffsetDateTime.parse("2020-01-01T00:00:00Z"), NOW);
        assertThat(r.bound(1)).containsExactly(NOW, NOW);
    }
}
