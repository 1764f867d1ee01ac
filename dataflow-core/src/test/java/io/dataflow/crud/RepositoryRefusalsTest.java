package io.dataflow.crud;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input is refused before a connection is asked for: these repositories have no DataSource at
 * all, so reaching the database would fail with a NullPointerException instead of these messages.
 */
class RepositoryRefusalsTest {

    final ModelRepository samples = new ModelRepository(null, CrudTestModels.allTypes(), Clock.systemUTC());
    final ModelRepository products = new ModelRepository(null, CrudTestModels.product(), Clock.systemUTC());
    final ModelRepository stats = new ModelRepository(null, CrudTestModels.productStats(), Clock.systemUTC());

    @Test
    void unknownKeysInValuesAndFieldsAreRefusedWithADidYouMean() {
        assertThatThrownBy(() -> samples.create(Map.of("s_sttr", "x"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'values.s_sttr'").hasMessageContaining("did you mean 's_str'?");
        assertThatThrownBy(() -> samples.update(Map.of("id", 1), Map.of("n_intt", 1))).hasMessageContaining("key 'fields.n_intt'");
        assertThatThrownBy(() -> samples.bulkCreate(List.of(Map.of("n_int", 1), Map.of("n_int", 2, "bogus", 3)), BulkOptions.defaults()))
                .hasMessageContaining("key 'rows[1].bogus'");
        assertThatThrownBy(() -> samples.list(Query.of(Map.of()).orderBy("-create_at"))).hasMessageContaining("key 'order_by[0]'")
                .hasMessageContaining("did you mean 'created_at'?");
    }

    @Test
    void badValuesAreRefusedBeforeAnyStatement() {
        assertThatThrownBy(() -> samples.create(Map.of("n_int", "many"))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("key 'values.n_int'");
        assertThatThrownBy(() -> samples.read("abc")).isInstanceOf(InvalidValueException.class).hasMessageContaining("key 'id'");
        assertThatThrownBy(() -> samples.read(null)).hasMessageContaining("key 'id': is required");
    }

    @Test
    void updatesNeedAFilterAndSomethingToSetAndCannotSetIdOrTheVersion() {
        assertThatThrownBy(() -> samples.update(Map.of(), Map.of("n_int", 1))).hasMessageContaining("would update every row");
        assertThatThrownBy(() -> samples.bulkUpdate(Map.of(), Map.of("n_int", 1))).hasMessageContaining("all=true");
        assertThatThrownBy(() -> samples.update(Map.of("id", 1), Map.of())).hasMessageContaining("name at least one column to set");
        assertThatThrownBy(() -> samples.update(Map.of("n_int", 1), Map.of("id", 2))).hasMessageContaining("id identifies rows");
        assertThatThrownBy(() -> products.update(Map.of("id", 1), Map.of("version", 9))).hasMessageContaining("optimistic-lock version");
        assertThatThrownBy(() -> products.bulkUpdateRows(List.of(Map.of("name", "x")))).hasMessageContaining("key 'rows[0].id': is required");
    }

    @Test
    void anEmptyBulkDeleteNeedsAll() {
        assertThatThrownBy(() -> samples.bulkDelete(Map.of(), false)).hasMessageContaining("all=true to delete every row");
        assertThatThrownBy(() -> samples.bulkDelete(null, false)).hasMessageContaining("all=true");
    }

    @Test
    void upsertConflictColumnsMustBeAUniqueKey() {
        List<Map<String, Object>> rows = List.of(Map.of("product_id", 1, "view_count", 1));
        assertThatThrownBy(() -> stats.bulkUpsert(rows, List.of("view_count"), null))
                .hasMessageContaining("[view_count] is neither the primary key nor a unique index of model ProductStats")
                .hasMessageContaining("accepted: [id], [product_id]");
        assertThatThrownBy(() -> stats.bulkUpsert(rows, List.of("product_idd"), null)).hasMessageContaining("did you mean 'product_id'?");
        assertThatThrownBy(() -> stats.bulkUpsert(rows, List.of(), null)).hasMessageContaining("conflict_columns").hasMessageContaining("is required");
        assertThatThrownBy(() -> stats.bulkUpsert(List.of(Map.of("view_count", 1)), List.of("product_id"), null))
                .hasMessageContaining("key 'rows[0].product_id': is required");
        assertThatThrownBy(() -> stats.bulkUpsert(List.of(Map.of("product_id", 1), Map.of("product_id", "1")), List.of("product_id"), null))
                .hasMessageContaining("rows[1]").hasMessageContaining("same [product_id] as rows[0]");
        assertThatThrownBy(() -> products.bulkUpsert(List.of(Map.of("id", 1, "version", 3)), List.of("id"), null))
                .hasMessageContaining("optimistic-lock version");
    }

    @Test
    void aNullRowIsRefused() {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        rows.add(new HashMap<>());
        rows.add(null);
        assertThatThrownBy(() -> samples.bulkCreate(rows, BulkOptions.defaults())).hasMessageContaining("rows[1]");
    }
}
