package io.dataflow.it.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.crud.CrudTestModels;
import io.dataflow.crud.InvalidValueException;
import io.dataflow.crud.ListResult;
import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.Query;
import io.dataflow.crud.UpdateResult;
import io.dataflow.it.TestServers;
import io.dataflow.model.ModelSpec;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class CrudIT {

    final TestServers.Server server;
    CrudDatabase db;
    ModelRepository orders;
    List<Long> ids;

    CrudIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void ordersOnAFreshDatabase() {
        List<ModelSpec> models = new ArrayList<>(CrudDatabase.guide("Order"));
        models.add(CrudTestModels.allTypes());
        models.add(ModelSpec.fromMap(Map.of("name", "Note", "fields", Map.of("body", "str", "created_at", "timestamp", "updated_at", "timestamp"))));
        db = new CrudDatabase(server, models);
        orders = db.repository("Order");
        ids = new ArrayList<>();
        // id 1..6: status, total, user_id, created_at day of January 2026
        Object[][] rows = {
                {"pending", 5.0, 1, 1}, {"pending", 10.0, 1, 2}, {"shipped", 15.0, 2, 3},
                {"Shipped", 19.99, 2, 4}, {null, 20.0, 3, 5}, {"cancelled", 100.0, 3, 6}};
        for (Object[] r : rows) {
            Map<String, Object> v = new HashMap<>();
            v.put("status", r[0]);
            v.put("total", r[1]);
            v.put("user_id", r[2]);
            v.put("created_at", "2026-01-0" + r[3] + "T08:00:00Z");
            ids.add((Long) orders.create(v).get("id"));
        }
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private List<Long> idsOf(Map<String, ?> filter) {
        return orders.list(Query.of(filter)).rows().stream().map(r -> (Long) r.get("id")).toList();
    }

    private List<Long> ids(int... oneBased) {
        return Arrays.stream(oneBased).mapToObj(i -> ids.get(i - 1)).toList();
    }

    @Test
    void createReturnsTheStoredRowWithTypedValuesAndReadFindsIt() {
        Map<String, Object> row = orders.create(Map.of("user_id", "42", "status", "new", "total", 7, "created_at", "2026-02-01"));
        assertThat(row).containsKeys("id", "user_id", "product_id", "status", "created_at", "updated_at", "total");
        assertThat(new ArrayList<>(row.keySet())).containsExactly("id", "user_id", "product_id", "status", "created_at", "updated_at", "total");
        assertThat(row.get("user_id")).isEqualTo(42L);
        assertThat(row.get("total")).isEqualTo(7.0);
        assertThat(row.get("product_id")).isNull();
        assertThat(row.get("created_at")).isEqualTo(OffsetDateTime.parse("2026-02-01T00:00:00Z"));
        assertThat(orders.read(row.get("id"))).contains(row);
        assertThat(orders.read(String.valueOf(row.get("id")))).contains(row);
        assertThat(orders.read(123456)).isEmpty();
    }

    @Test
    void anExplicitIdIsKept() {
        Map<String, Object> row = orders.create(Map.of("id", 1000, "status", "x"));
        assertThat(row.get("id")).isEqualTo(1000L);
        assertThatThrownBy(() -> orders.create(Map.of("id", 1000, "status", "y"))).isInstanceOf(io.dataflow.UniqueViolationException.class)
                .hasMessageContaining("model Order: create failed").hasMessageContaining("duplicate key")
                .satisfies(e -> assertThat(((io.dataflow.DataFlowException) e).sqlState()).isEqualTo("23505"));
    }

    @Test
    void everyOperatorSelectsTheRightRows() {
        assertThat(idsOf(Map.of("status", "pending"))).isEqualTo(ids(1, 2));
        assertThat(idsOf(Map.of("status", Map.of("$eq", "shipped")))).isEqualTo(ids(3));
        assertThat(idsOf(Map.of("status", Map.of("$ne", "pending")))).isEqualTo(ids(3, 4, 5, 6));
        assertThat(idsOf(Map.of("total", Map.of("$gt", 15)))).isEqualTo(ids(4, 5, 6));
        assertThat(idsOf(Map.of("total", Map.of("$gte", 15)))).isEqualTo(ids(3, 4, 5, 6));
        assertThat(idsOf(Map.of("total", Map.of("$lt", "15")))).isEqualTo(ids(1, 2));
        assertThat(idsOf(Map.of("total", Map.of("$lte", 15.0)))).isEqualTo(ids(1, 2, 3));
        assertThat(idsOf(Map.of("total", Map.of("$gte", 10, "$lt", 20)))).isEqualTo(ids(2, 3, 4));
        assertThat(idsOf(Map.of("status", Map.of("$in", List.of("shipped", "cancelled"))))).isEqualTo(ids(3, 6));
        assertThat(idsOf(Map.of("status", Map.of("$in", Arrays.asList("shipped", null))))).isEqualTo(ids(3, 5));
        assertThat(idsOf(Map.of("status", Map.of("$nin", List.of("pending", "shipped"))))).isEqualTo(ids(4, 5, 6));
        assertThat(idsOf(Map.of("status", Map.of("$nin", Arrays.asList("pending", null))))).isEqualTo(ids(3, 4, 6));
        assertThat(idsOf(Map.of("status", Map.of("$in", List.of())))).isEmpty();
        assertThat(idsOf(Map.of("status", Map.of("$nin", List.of())))).isEqualTo(ids(1, 2, 3, 4, 5, 6));
        assertThat(idsOf(Map.of("status", Map.of("$like", "%hipped")))).isEqualTo(ids(3, 4));
        assertThat(idsOf(Map.of("status", Map.of("$like", "S%")))).isEqualTo(ids(4));
        assertThat(idsOf(Map.of("status", Map.of("$ilike", "s%")))).isEqualTo(ids(3, 4));
        assertThat(idsOf(Map.of("status", Map.of("$null", true)))).isEqualTo(ids(5));
        assertThat(idsOf(Map.of("status", Map.of("$null", false)))).isEqualTo(ids(1, 2, 3, 4, 6));
        Map<String, Object> isNull = new HashMap<>();
        isNull.put("status", null);
        assertThat(idsOf(isNull)).isEqualTo(ids(5));
        assertThat(idsOf(Map.of("id", Map.of("$in", List.of(ids.get(0), String.valueOf(ids.get(5))))))).isEqualTo(ids(1, 6));
        assertThat(idsOf(Map.of("created_at", Map.of("$gte", "2026-01-03", "$lt", "2026-01-05T00:00:00+00:00")))).isEqualTo(ids(3, 4));
        assertThat(idsOf(Map.of("created_at", Map.of("$in", List.of("2026-01-02T08:00:00Z", "2026-01-06T09:00:00+01:00"))))).isEqualTo(ids(2, 6));
    }

    @Test
    void andOrNest() {
        assertThat(idsOf(Map.of("$or", List.of(Map.of("status", "pending"), Map.of("total", Map.of("$gte", 100)))))).isEqualTo(ids(1, 2, 6));
        assertThat(idsOf(Map.of("user_id", 2, "$or", List.of(Map.of("status", "shipped"), Map.of("total", Map.of("$gt", 19)))))).isEqualTo(ids(3, 4));
        assertThat(idsOf(Map.of("$and", List.of(
                Map.of("$or", List.of(Map.of("user_id", 1), Map.of("user_id", 3))),
                Map.of("$or", List.of(Map.of("total", Map.of("$lt", 6)), Map.of("status", Map.of("$null", true))))))))
                .isEqualTo(ids(1, 5));
    }

    @Test
    void aHostileValueIsOnlyAValue() {
        String hostile = "x'; DROP TABLE orders; --";
        assertThat(idsOf(Map.of("status", hostile))).isEmpty();
        assertThat(idsOf(Map.of("status", Map.of("$in", List.of(hostile, "\"); DROP TABLE orders; --"))))).isEmpty();
        assertThat(idsOf(Map.of("status", Map.of("$like", "%' OR '1'='1")))).isEmpty();
        Map<String, Object> row = orders.create(Map.of("status", hostile));
        assertThat(orders.read(row.get("id")).orElseThrow().get("status")).isEqualTo(hostile);
        assertThat(idsOf(Map.of("status", hostile))).containsExactly((Long) row.get("id"));
        assertThat(db.count("orders")).isEqualTo(7);
    }

    @Test
    void updateChangesTheMatchingRowsAndReturnsThem() {
        UpdateResult r = orders.update(Map.of("status", "pending"), Map.of("status", "paid", "total", "11.5"));
        assertThat(r.updated()).isEqualTo(2);
        assertThat(r.rows()).extracting(m -> m.get("id")).containsExactlyInAnyOrderElementsOf(ids(1, 2));
        assertThat(r.rows()).allSatisfy(m -> assertThat(m).containsEntry("status", "paid").containsEntry("total", 11.5));
        assertThat(idsOf(Map.of("status", "paid"))).isEqualTo(ids(1, 2));
        UpdateResult none = orders.update(Map.of("id", 999_999), Map.of("status", "x"));
        assertThat(none.updated()).isZero();
        assertThat(none.rows()).isEmpty();
        assertThatThrownBy(() -> orders.update(Map.of("id", ids.get(0)), Map.of("total", "lots"))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("model Order, key 'fields.total'").hasMessageContaining("'lots' (text) is not a number");
    }

    @Test
    void deleteRemovesOneRow() {
        assertThat(orders.delete(ids.get(0))).isEqualTo(1);
        assertThat(orders.delete(ids.get(0))).isZero();
        assertThat(orders.read(ids.get(0))).isEmpty();
        assertThat(db.count("orders")).isEqualTo(5);
    }

    @Test
    void listOrdersAndPagesStably() {
        ListResult page = orders.list(Query.all().orderBy("-total").page(2, 1));
        assertThat(page.count()).isEqualTo(2);
        assertThat(page.rows()).extracting(m -> m.get("id")).containsExactlyElementsOf(ids(5, 4));
        assertThat(orders.list(Query.all()).rows()).extracting(m -> m.get("id")).containsExactlyElementsOf(ids(1, 2, 3, 4, 5, 6));
        // ties on user_id are broken by id, so pages never overlap or skip
        List<Object> paged = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 4) {
            paged.addAll(orders.list(Query.all().orderBy("user_id desc").page(4, offset)).rows().stream().map(m -> m.get("id")).toList());
        }
        assertThat(paged).containsExactlyElementsOf(ids(5, 6, 3, 4, 1, 2));
        assertThat(orders.list(Query.all().page(0, 0)).count()).isZero();
        assertThat(orders.list(Query.of(Map.of("user_id", 3)).orderBy("status")).rows()).extracting(m -> m.get("id"))
                .containsExactlyElementsOf(ids(6, 5)); // NULLs sort last ascending
    }

    @Test
    void createdAtAndUpdatedAtFollowTheClock() {
        ModelRepository samples = db.repository("Sample");
        Instant t1 = Instant.parse("2026-03-01T10:00:00.123456Z");
        db.clock.set(t1);
        Map<String, Object> row = samples.create(Map.of("s_str", "a"));
        OffsetDateTime at1 = t1.atOffset(ZoneOffset.UTC);
        assertThat(row).containsEntry("created_at", at1).containsEntry("updated_at", at1);

        Instant t2 = t1.plusSeconds(60);
        db.clock.set(t2);
        Map<String, Object> updated = samples.update(Map.of("id", row.get("id")), Map.of("s_str", "b")).rows().get(0);
        assertThat(updated).containsEntry("created_at", at1).containsEntry("updated_at", t2.atOffset(ZoneOffset.UTC));

        db.clock.set(t2.plusSeconds(60));
        samples.bulkUpdate(Map.of("s_str", "b"), Map.of("n_int", 1));
        assertThat(samples.read(row.get("id")).orElseThrow()).containsEntry("updated_at", t2.plusSeconds(60).atOffset(ZoneOffset.UTC));

        db.clock.set(t2.plusSeconds(120));
        samples.bulkUpdateRows(List.of(Map.of("id", row.get("id"), "n_int", 2)));
        assertThat(samples.read(row.get("id")).orElseThrow()).containsEntry("updated_at", t2.plusSeconds(120).atOffset(ZoneOffset.UTC))
                .containsEntry("created_at", at1);

        Map<String, Object> given = samples.create(Map.of("created_at", "2020-01-01T00:00:00Z"));
        assertThat(given).containsEntry("created_at", OffsetDateTime.parse("2020-01-01T00:00:00Z"))
                .containsEntry("updated_at", t2.plusSeconds(120).atOffset(ZoneOffset.UTC));
    }

    @Test
    void timestampColumnsGetUtcWallTime() {
        ModelRepository notes = db.repository("Note");
        db.clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        Map<String, Object> row = notes.create(Map.of("body", "hello"));
        assertThat(row).containsEntry("created_at", LocalDateTime.parse("2026-03-01T10:00:00"))
                .containsEntry("updated_at", LocalDateTime.parse("2026-03-01T10:00:00"));
        db.clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(notes.update(Map.of("id", row.get("id")), Map.of("body", "again")).rows().get(0))
                .containsEntry("created_at", LocalDateTime.parse("2026-03-01T10:00:00"))
                .containsEntry("updated_at", LocalDateTime.parse("2026-03-02T10:00:00"));
    }

    @Test
    void equalityAndInWorkForEveryColumnType() {
        ModelRepository samples = db.repository("Sample");
        Map<String, Object> a = samples.create(SampleRows.input(1));
        Map<String, Object> b = samples.create(SampleRows.input(3)); // differs from row 1 in every column
        samples.create(Map.of());
        for (String column : SampleRows.VALUE_COLUMNS) {
            Object value = SampleRows.input(1).get(column);
            List<Object> eq = samples.list(Query.of(Map.of(column, value))).rows().stream().map(r -> r.get("id")).toList();
            assertThat(eq).as(column + " =").containsExactly(a.get("id"));
            List<Object> in = samples.list(Query.of(Map.of(column, Map.of("$in", List.of(value))))).rows().stream().map(r -> r.get("id")).toList();
            assertThat(in).as(column + " $in").containsExactly(a.get("id"));
            Map<String, Object> nin = new LinkedHashMap<>();
            nin.put(column, Map.of("$nin", List.of(value)));
            nin.put("$or", List.of(Map.of("id", b.get("id")), Map.of(column, Map.of("$null", true))));
            assertThat(samples.list(Query.of(nin)).count()).as(column + " $nin").isEqualTo(2);
        }
    }
}
