package io.dataflow.it.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.OptimisticLockConflict;
import io.dataflow.crud.UpdateResult;
import io.dataflow.crud.UpsertResult;
import io.dataflow.it.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class OptimisticLockIT {

    final TestServers.Server server;
    CrudDatabase db;
    ModelRepository products;
    Object id;

    OptimisticLockIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void oneProduct() {
        db = new CrudDatabase(server, CrudDatabase.guide("Product"));
        products = db.repository("Product");
        Map<String, Object> row = products.create(Map.of("name", "lamp", "price", 10));
        assertThat(row).containsEntry("version", 1L);
        id = row.get("id");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Map<String, Object> current() {
        return products.read(id).orElseThrow();
    }

    @Test
    void everyUpdateBumpsTheVersion() {
        assertThat(products.update(Map.of("id", id), Map.of("price", 11)).rows().get(0)).containsEntry("version", 2L);
        assertThat(products.bulkUpdate(Map.of("id", id), Map.of("price", 12))).isEqualTo(1);
        assertThat(products.bulkUpdateRows(List.of(Map.of("id", id, "price", 13)))).isEqualTo(1);
        assertThat(current()).containsEntry("version", 4L).containsEntry("price", 13.0);
    }

    @Test
    void anUpdateAtTheExpectedVersionSucceedsAndAStaleOneConflicts() {
        UpdateResult ok = products.update(Map.of("id", id, "version", 1), Map.of("price", 20));
        assertThat(ok.updated()).isEqualTo(1);
        assertThat(ok.rows().get(0)).containsEntry("version", 2L);

        OptimisticLockConflict conflict = catchThrowableOfType(OptimisticLockConflict.class,
                () -> products.update(Map.of("id", id, "version", 1), Map.of("price", 30)));
        assertThat(conflict).hasMessageStartingWith("conflict: Product " + id + " is at version 2, the update expected 1");
        assertThat(conflict.model()).isEqualTo("Product");
        assertThat(conflict.id()).isEqualTo(id);
        assertThat(conflict.expectedVersion()).isEqualTo(1L);
        assertThat(conflict.currentVersion()).isEqualTo(2L);
        assertThat(current()).containsEntry("price", 20.0).containsEntry("version", 2L);

        assertThatThrownBy(() -> products.update(Map.of("id", id, "version", Map.of("$eq", "1")), Map.of("price", 30)))
                .isInstanceOf(OptimisticLockConflict.class);
        assertThatThrownBy(() -> products.bulkUpdate(Map.of("id", id, "version", 1), Map.of("price", 30)))
                .isInstanceOf(OptimisticLockConflict.class).hasMessageContaining("is at version 2, the update expected 1");
    }

    @Test
    void aMissingRowIsNotAConflict() {
        UpdateResult none = products.update(Map.of("id", 999_999, "version", 1), Map.of("price", 1));
        assertThat(none.updated()).isZero();
        assertThat(products.bulkUpdateRows(List.of(Map.of("id", 999_999, "version", 1, "price", 1)))).isZero();
    }

    @Test
    void oneStaleRowInABatchChangesNothing() {
        Object other = products.create(Map.of("name", "desk", "price", 100)).get("id");
        products.update(Map.of("id", other), Map.of("price", 101)); // desk is now at version 2
        OptimisticLockConflict conflict = catchThrowableOfType(OptimisticLockConflict.class, () -> products.bulkUpdateRows(List.of(
                Map.of("id", id, "version", 1, "price", 15),
                Map.of("id", other, "version", 1, "price", 150))));
        assertThat(conflict).hasMessageStartingWith("conflict: Product " + other + " is at version 2, the update expected 1");
        assertThat(current()).containsEntry("price", 10.0).containsEntry("version", 1L);

        assertThat(products.bulkUpdateRows(List.of(
                Map.of("id", id, "version", 1, "price", 15),
                Map.of("id", other, "version", "2", "name", "big desk")))).isEqualTo(2);
        assertThat(current()).containsEntry("price", 15.0).containsEntry("version", 2L);
        assertThat(products.read(other).orElseThrow()).containsEntry("name", "big desk").containsEntry("price", 101.0).containsEntry("version", 3L);
    }

    @Test
    void anUpsertThatUpdatesBumpsTheVersion() {
        UpsertResult r = products.bulkUpsert(List.of(Map.of("id", id, "name", "lamp", "price", 9), Map.of("id", 500, "name", "new", "price", 1)),
                List.of("id"), null);
        assertThat(r).isEqualTo(new UpsertResult(1, 1));
        assertThat(current()).containsEntry("price", 9.0).containsEntry("version", 2L);
        assertThat(products.read(500).orElseThrow()).containsEntry("version", 1L);
    }
}
