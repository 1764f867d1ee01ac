package io.dataflow.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlowException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

    enum Status { PENDING, SHIPPED }

    record Order(long id, Long userId, int quantity, double total, BigDecimal price, Status status, Instant createdAt,
                 LocalDateTime shippedAt, List<Object> tags, Map<String, Object> meta) {
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static Map<String, Object> order() {
        return row("id", 7L, "user_id", null, "quantity", 3, "total", new BigDecimal("19.99"), "price", new BigDecimal("6.663"),
                "status", "shipped", "created_at", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
                "shipped_at", OffsetDateTime.of(2026, 1, 3, 0, 0, 0, 0, ZoneOffset.ofHours(2)), "tags", List.of("a"), "meta", Map.of("k", 1),
                "extra", "ignored");
    }

    @Test
    void snakeCaseColumnsFillComponentsWithExactConversions() {
        Order o = RecordMapper.of(Order.class).map(new Row(order()));
        assertThat(o.id()).isEqualTo(7L);
        assertThat(o.userId()).isNull();
        assertThat(o.total()).isEqualTo(19.99);
        assertThat(o.price()).isEqualByComparingTo("6.663");
        assertThat(o.status()).isEqualTo(Status.SHIPPED);
        assertThat(o.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(o.shippedAt()).isEqualTo(LocalDateTime.of(2026, 1, 2, 22, 0)); // in UTC
        assertThat(o.tags()).containsExactly("a");
        assertThat(o.meta()).containsEntry("k", 1);
    }

    @Test
    void whatDoesNotFitIsRefusedNamingTheComponent() {
        Map<String, Object> fraction = order();
        fraction.put("quantity", new BigDecimal("2.5"));
        assertThatThrownBy(() -> RecordMapper.of(Order.class).map(new Row(fraction))).isInstanceOf(DataFlowException.class)
                .hasMessageContaining("Order.quantity").hasMessageContaining("2.5");
        Map<String, Object> nullPrimitive = order();
        nullPrimitive.put("id", null);
        assertThatThrownBy(() -> RecordMapper.of(Order.class).map(new Row(nullPrimitive))).hasMessageContaining("Order.id")
                .hasMessageContaining("NULL").hasMessageContaining("Long");
        Map<String, Object> badEnum = order();
        badEnum.put("status", "lost");
        assertThatThrownBy(() -> RecordMapper.of(Order.class).map(new Row(badEnum))).hasMessageContaining("'lost' is not a constant of Status");
        Map<String, Object> missing = order();
        missing.remove("created_at");
        assertThatThrownBy(() -> RecordMapper.of(Order.class).map(new Row(missing))).hasMessageContaining("Order.createdAt has no column 'created_at'");
    }

    @Test
    void rowGettersConvertLikeComponents() {
        Row r = new Row(order());
        assertThat(r.getLong("id")).isEqualTo(7L);
        assertThat(r.get("created_at", Instant.class)).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(r.getString("status")).isEqualTo("shipped");
        assertThatThrownBy(() -> r.get("nope")).hasMessageContaining("no column 'nope'").hasMessageContaining("id, user_id");
    }
}
