package io.dataflow.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryFormatTest {

    static QueryResult sample() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", (long) i);
            row.put("qty", i);
            row.put("price", new BigDecimal("12.50").add(BigDecimal.valueOf(i)));
            row.put("ratio", i / 3.0);
            row.put("f", 1.5f);
            row.put("name", i % 7 == 0 ? null : "product " + i);
            row.put("at", OffsetDateTime.of(2026, 11, 27, 10, 0, i % 60, 123_456_000, ZoneOffset.UTC));
            row.put("local", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6000));
            row.put("day", LocalDate.of(2026, 2, 28));
            row.put("t", LocalTime.of(23, 59, 58));
            row.put("uid", new UUID(i, -i));
            row.put("data", Map.of("k", i, "big", 5_000_000_000L, "nested", List.of(1, "x", Map.of("$t", "y"))));
            row.put("tags", List.of("a", "b"));
            row.put("ids", List.of(1L, 2L, (long) i));
            row.put("stamps", List.of(Instant.ofEpochSecond(1_700_000_000L, 5)));
            row.put("bytes", new byte[] {1, 2, (byte) i});
            row.put("flag", i % 2 == 0);
            row.put("mixed", i % 2 == 0 ? (Object) i : (Object) ("s" + i));
            rows.add(row);
        }
        return new QueryResult(List.copyOf(rows.get(0).keySet()), rows, false);
    }

    @ParameterizedTest
    @CsvSource({"MSGPACK,LZ4", "MSGPACK,NONE", "JSON,LZ4", "JSON,NONE"})
    void valuesComeBackAsTheSameJavaTypes(CacheConfig.Serialization s, CacheConfig.Compression c) {
        EntryFormat format = new EntryFormat(s, c);
        QueryResult in = sample();
        EntryFormat.Entry out = format.decode(format.encode(Map.of("products.*", 7L), in));
        assertThat(out.stamps()).containsEntry("products.*", 7L);
        assertThat(out.result().columns()).isEqualTo(in.columns());
        for (int r = 0; r < in.rows().size(); r++) {
            for (String col : in.columns()) {
                Object a = in.rows().get(r).get(col);
                Object b = out.result().rows().get(r).get(col);
                if (a instanceof byte[] x) assertThat((byte[]) b).containsExactly(x);
                else {
                    assertThat(b).as(col).isEqualTo(a);
                    if (a != null && !(a instanceof Map) && !(a instanceof List)) assertThat(b.getClass()).as(col).isEqualTo(a.getClass());
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"MSGPACK,LZ4", "JSON,NONE"})
    void garbageIsACorruptEntry(CacheConfig.Serialization s, CacheConfig.Compression c) {
        EntryFormat format = new EntryFormat(s, c);
        byte[] good = format.encode(Map.of(), sample());
        assertThatThrownBy(() -> format.decode("not an entry".getBytes())).isInstanceOf(CorruptEntryException.class);
        assertThatThrownBy(() -> format.decode(Arrays.copyOf(good, good.length / 2))).isInstanceOf(CorruptEntryException.class);
        byte[] flipped = good.clone();
        for (int i = 20; i < flipped.length; i += 3) flipped[i] ^= 0x5A;
        assertThatThrownBy(() -> format.decode(flipped)).isInstanceOf(CorruptEntryException.class);
    }

    @ParameterizedTest
    @CsvSource({"MSGPACK", "JSON"})
    void msgpackWithLz4IsAtMostHalfOfJson(CacheConfig.Serialization ignored) {
        int packed = new EntryFormat(CacheConfig.Serialization.MSGPACK, CacheConfig.Compression.LZ4).encode(Map.of(), sample()).length;
        int json = new EntryFormat(CacheConfig.Serialization.JSON, CacheConfig.Compression.NONE).encode(Map.of(), sample()).length;
        assertThat(packed).isLessThan(json / 2);
    }
}
