package io.dataflow.it.crud;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows of CrudTestModels.allTypes() (one column per field type) with awkward values, given in the
 * forms YAML/JSON and Java callers use, and the typed values they must read back as.
 */
final class SampleRows {

    static final List<String> VALUE_COLUMNS = List.of("n_int", "n_int32", "s_str", "f_float", "r_real", "b_bool", "t_datetime",
            "t_timestamp", "d_date", "j_dict", "j_list", "m_decimal", "u_uuid", "x_bytes");

    private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

    private SampleRows() {
    }

    /** Every 11th row is all NULLs, given explicitly. */
    static boolean allNull(int i) {
        return i % 11 == 10;
    }

    /** Input for row i: even rows in text/JSON form, odd rows in Java types. */
    static Map<String, Object> input(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (allNull(i)) {
            VALUE_COLUMNS.forEach(c -> m.put(c, null));
            return m;
        }
        boolean text = i % 2 == 0;
        Map<String, Object> e = expected(i);
        m.put("n_int", text ? String.valueOf(e.get("n_int")) : e.get("n_int"));
        m.put("n_int32", text ? ((Integer) e.get("n_int32")).longValue() : e.get("n_int32"));
        m.put("s_str", e.get("s_str"));
        m.put("f_float", text ? String.valueOf(e.get("f_float")) : e.get("f_float"));
        m.put("r_real", text ? ((Float) e.get("r_real")).doubleValue() : e.get("r_real"));
        m.put("b_bool", text ? String.valueOf(e.get("b_bool")) : e.get("b_bool"));
        m.put("t_datetime", text ? e.get("t_datetime").toString() : ((OffsetDateTime) e.get("t_datetime")).toInstant());
        m.put("t_timestamp", text ? e.get("t_timestamp").toString() : e.get("t_timestamp"));
        m.put("d_date", text ? e.get("d_date").toString() : e.get("d_date"));
        m.put("j_dict", text ? "{\"i\": " + i + ", \"s\": \"a,\\\"b\\\"\\n\", \"nested\": {\"l\": [1, 2]}}" : e.get("j_dict"));
        m.put("j_list", text ? "[" + i + ", \"x\"]" : e.get("j_list"));
        m.put("m_decimal", text ? e.get("m_decimal").toString() : e.get("m_decimal"));
        m.put("u_uuid", text ? e.get("u_uuid").toString() : e.get("u_uuid"));
        m.put("x_bytes", text ? Base64.getEncoder().encodeToString((byte[]) e.get("x_bytes")) : e.get("x_bytes"));
        return m;
    }

    /** What row i reads back as. */
    static Map<String, Object> expected(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (allNull(i)) {
            VALUE_COLUMNS.forEach(c -> m.put(c, null));
            return m;
        }
        m.put("n_int", (i % 2 == 0 ? 1 : -1) * (5_000_000_000L + i * 1_000_003L));
        m.put("n_int32", i - 2500);
        m.put("s_str", switch (i % 5) {
            case 0 -> "";
            case 1 -> "row " + i + ", \"quoted\"\nnext line\r\n";
            case 2 -> "\\.";
            case 3 -> "x'; DROP TABLE samples; -- " + i;
            default -> "ünïcødé ✓ " + i;
        });
        m.put("f_float", i / 3.0);
        m.put("r_real", i / 7f);
        m.put("b_bool", i % 3 == 0);
        m.put("t_datetime", BASE.plusSeconds(i * 61L).plusNanos(i * 1000L).atOffset(ZoneOffset.UTC));
        m.put("t_timestamp", LocalDateTime.of(2024, 6, 1, 12, 0).plusMinutes(i).plusNanos(123_456_000L));
        m.put("d_date", LocalDate.of(2024, 1, 1).plusDays(i));
        m.put("j_dict", Map.of("i", i, "s", "a,\"b\"\n", "nested", Map.of("l", List.of(1, 2))));
        m.put("j_list", List.of(i, "x"));
        m.put("m_decimal", new BigDecimal("12345678901234567890.12345678").add(BigDecimal.valueOf(i)));
        m.put("u_uuid", new UUID(0x1234_5678_9abc_def0L + i, i * 31L));
        m.put("x_bytes", new byte[] {(byte) i, 0, (byte) 0xff, ',', '"', '\n', '\\'});
        return m;
    }

    static void assertMatches(Map<String, Object> actual, int i) {
        Map<String, Object> expected = expected(i);
        for (String column : VALUE_COLUMNS) {
            Object want = expected.get(column);
            Object got = actual.get(column);
            if (want instanceof byte[] b) {
                assertThat((byte[]) got).as("row %d column %s", i, column).containsExactly(b);
            } else {
                assertThat(got).as("row %d column %s", i, column).isEqualTo(want);
            }
        }
    }
}
