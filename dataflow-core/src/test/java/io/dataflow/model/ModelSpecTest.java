package io.dataflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    static List<ModelSpec> guide() {
        return ModelFiles.read(Path.of("../examples/guide-models.yaml"));
    }

    static ModelSpec guide(String name) {
        return guide().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void readsTheGuideModels() {
        ModelSpec order = guide("Order");
        assertThat(order.table()).isEqualTo("orders");
        assertThat(order.fields()).first().isEqualTo(new FieldSpec("id", FieldType.INT, false, null));
        assertThat(order.field("created_at")).get().extracting(FieldSpec::type).isEqualTo(FieldType.DATETIME);
        assertThat(order.indexes()).extracting(IndexSpec::name).containsExactly(
                "orders_user_id_status_created_at_idx", "orders_product_id_created_at_idx",
                "idx_status_covering", "idx_pending_orders", "idx_order_year");
        IndexSpec covering = order.indexes().get(2);
        assertThat(covering.fields()).containsExactly("status", "created_at");
        assertThat(covering.include()).containsExactly("user_id", "total");
        assertThat(order.indexes().get(3).where()).isEqualTo("status = 'pending'");
        assertThat(order.indexes().get(4).expression()).isEqualTo("EXTRACT(YEAR FROM created_at)");
    }

    @Test
    void readsPartitioningAndLocking() {
        PartitioningSpec.Range events = (PartitioningSpec.Range) guide("Event").partitioning();
        assertThat(events.interval()).isEqualTo(PartitionInterval.MONTHLY);
        assertThat(events.retention()).isEqualTo(new PartitioningSpec.Retention(12, 24, 36));
        assertThat(events.createAhead()).isEqualTo(3);
        assertThat(guide("Event").field("timestamp").orElseThrow().nullable()).isFalse();

        PartitioningSpec.ListOf customers = (PartitioningSpec.ListOf) guide("Customer").partitioning();
        assertThat(customers.partitions()).containsEntry("eu_customers", List.of("eu-west", "eu-central")).hasSize(3);

        ModelSpec product = guide("Product");
        assertThat(product.optimisticLock()).isEqualTo("version");
        assertThat(product.retryOnConflict()).isEqualTo(3);
        assertThat(product.field("version")).get().isEqualTo(new FieldSpec("version", FieldType.INT, false, 1L));
    }

    @Test
    void annotatedRecordsGiveTheSameSpecsAsYaml() {
        assertThat(ModelSpec.fromClass(GuideRecords.Order.class)).isEqualTo(guide("Order"));
        assertThat(ModelSpec.fromClass(GuideRecords.Event.class)).isEqualTo(guide("Event"));
        assertThat(ModelSpec.fromClass(GuideRecords.Customer.class)).isEqualTo(guide("Customer"));
        assertThat(ModelSpec.fromClass(GuideRecords.Product.class)).isEqualTo(guide("Product"));
    }

    @Test
    void unknownKeysGetADidYouMean() {
        Map<String, Object> map = Map.of("name", "Order", "fields", Map.of("id", "int"),
                "dataflow", Map.of("indexs", List.of()));
        assertThatThrownBy(() -> ModelSpec.fromMap(map))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model Order").hasMessageContaining("dataflow.indexs")
                .hasMessageContaining("did you mean 'indexes'");
    }

    @Test
    void unknownTypesListTheAcceptedOnes() {
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Order", "fields", Map.of("total", "flaot"))))
                .hasMessageContaining("fields.total").hasMessageContaining("unknown type 'flaot'")
                .hasMessageContaining("did you mean 'float'").hasMessageContaining("datetime");
    }

    @Test
    void indexColumnsMustBeFields() {
        Map<String, Object> map = Map.of("name", "Order", "fields", Map.of("status", "str"),
                "dataflow", Map.of("indexes", List.of(Map.of("fields", List.of("statuz"), "name", "idx_s"))));
        assertThatThrownBy(() -> ModelSpec.fromMap(map))
                .hasMessageContaining("model Order, index idx_s").hasMessageContaining("'statuz' is not a field")
                .hasMessageContaining("did you mean 'status'");
    }

    @Test
    void partitioningIsValidated() {
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Event", "fields", Map.of("ts", "datetime"),
                "dataflow", Map.of("partitioning", Map.of("strategy", "range", "key", "ts", "interval", "fortnightly")))))
                .hasMessageContaining("dataflow.partitioning.interval").hasMessageContaining("monthly");
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Event", "fields", Map.of("kind", "str"),
                "dataflow", Map.of("partitioning", Map.of("strategy", "range", "key", "kind", "interval", "monthly")))))
                .hasMessageContaining("must be a datetime");
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Customer", "fields", Map.of("region", "str"),
                "dataflow", Map.of("partitioning", Map.of("strategy", "list", "key", "region",
                        "partitions", Map.of("a", List.of("x"), "b", List.of("x")))))))
                .hasMessageContaining("value 'x' is already in partition");
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Event", "fields", Map.of("ts", "datetime"),
                "dataflow", Map.of("partitioning", Map.of("strategy", "range", "key", "ts", "interval", "monthly",
                        "retention", Map.of("keep_months", 12, "delete_after", 6))))))
                .hasMessageContaining("delete_after");
    }

    @Test
    void anInjectedModelNameIsRefusedNamingTheKeyTheUserWroteAndShowingTheirValue() {
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "users; drop table victim; --", "fields", Map.of("id", "int"))))
                .isInstanceOf(io.dataflow.config.ConfigException.class)
                .hasMessageContaining("key 'name'").hasMessageContaining("'users; drop table victim; --' is not an accepted model name")
                .hasMessageNotContaining("key 'table'").hasMessageNotContaining("--s'");
    }

    @Test
    void namesAreValidatedIdentifiers() {
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Order", "table", "orders; drop table x", "fields", Map.of("id", "int"))))
                .hasMessageContaining("key 'table'").hasMessageContaining("not an accepted name");
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Order", "fields", Map.of("status", "str"),
                "dataflow", Map.of("indexes", List.of(Map.of("fields", List.of("status"), "name", "bad name"))))))
                .hasMessageContaining("not an accepted name");
    }

    @Test
    void indexOptionsAreChecked() {
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Order", "fields", Map.of("status", "str"),
                "dataflow", Map.of("indexes", List.of(Map.of("fields", List.of("status"), "method", "btre"))))))
                .hasMessageContaining("did you mean 'btree'");
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Order", "fields", Map.of("status", "str"),
                "dataflow", Map.of("indexes", List.of(Map.of("fields", List.of("status"), "method", "hash", "unique", true))))))
                .hasMessageContaining("only btree indexes can be unique");
        assertThatThrownBy(() -> ModelSpec.fromMap(Map.of("name", "Order", "fields", Map.of("status", "str"),
                "dataflow", Map.of("indexes", List.of(Map.of("fields", List.of("status"), "expression", "lower(status)"))))))
                .hasMessageContaining("exactly one of them");
    }
}
