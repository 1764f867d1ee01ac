package io.dataflow.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.model.ModelSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGobject;

class ColumnValuesTest {

    final ModelSpec model = CrudTestModels.allTypes();
    final ColumnValues values = new ColumnValues(model);

    private Object to(String column, Object value) {
        return values.toJdbc(column, value, column);
    }

    @Test
    void yamlAndJsonScalarsBecomeTheBoundTypes() {
        assertThat(to("n_int", 5)).isEqualTo(5L);
        assertThat(to("n_int", "-12")).isEqualTo(-12L);
        assertThat(to("n_int", 3.0)).isEqualTo(3L);
        assertThat(to("n_int32", 7L)).isEqualTo(7);
        assertThat(to("s_str", 12)).isEqualTo("12");
        assertThat(to("f_float", 2)).isEqualTo(2.0);
        assertThat(to("f_float", "2.5")).isEqualTo(2.5);
        assertThat(to("f_float", "NaN")).isEqualTo(Double.NaN);
        assertThat(to("r_real", 0.1)).isEqualTo(0.1f);
        assertThat(to("b_bool", "TRUE")).isEqualTo(true);
        assertThat(to("b_bool", false)).isEqualTo(false);
        assertThat(to("m_decimal", "12.340")).isEqualTo(new BigDecimal("12.340"));
        assertThat(to("m_decimal", 0.1)).isEqualTo(new BigDecimal("0.1"));
        assertThat(to("u_uuid", "123e4567-e89b-12d3-a456-426614174000")).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat((byte[]) to("x_bytes", "AAH/")).containsExactly(0, 1, 0xff);
        assertThat(to("s_str", null)).isNull();
    }

    @Test
    void datesAndTimesParseIsoTextAsUtc() {
        assertThat(to("t_datetime", "2024-01-01")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(to("t_datetime", "2024-01-01T10:00:00Z")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC));
        assertThat(to("t_datetime", "2024-01-01T12:00:00+02:00")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC));
        assertThat(to("t_datetime", "2024-01-01 12:00:00.25+02")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 250_000_000, ZoneOffset.UTC));
        assertThat(to("t_datetime", "2024-01-01T10:00")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC));
        assertThat(to("t_datetime", Instant.parse("2024-01-01T10:00:00Z"))).isEqualTo(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC));
        assertThat(to("t_timestamp", "2024-01-01T10:00:00")).isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0));
        assertThat(to("t_timestamp", "2024-01-01")).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
        assertThat(to("d_date", "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void dictsAndListsBecomeJsonb() {
        PGobject dict = (PGobject) to("j_dict", Map.of("a", List.of(1, "x")));
        assertThat(dict.getType()).isEqualTo("jsonb");
        assertThat(dict.getValue()).isEqualTo("{\"a\":[1,\"x\"]}");
        assertThat(((PGobject) to("j_dict", "{\"b\": true}")).getValue()).isEqualTo("{\"b\":true}");
        assertThat(((PGobject) to("j_list", "[1, 2]")).getValue()).isEqualTo("[1,2]");
        assertThat(((PGobject) to("j_list", List.of(Map.of("k", "v")))).getValue()).isEqualTo("[{\"k\":\"v\"}]");
    }

    @Test
    void aValueThatDoesNotFitNamesTheModelTheColumnAndTheProblem() {
        assertThatThrownBy(() -> to("n_int", "abc")).isInstanceOf(InvalidValueException.class)
                .hasMessage("model Sample, key 'n_int': 'abc' (text) is not a whole number (column n_int is int)");
        assertThatThrownBy(() -> to("n_int", 1.5)).hasMessageContaining("1.5 (Double) is not a whole number");
        assertThatThrownBy(() -> to("n_int", "99999999999999999999")).hasMessageContaining("within the 64-bit range");
        assertThatThrownBy(() -> to("n_int32", 3_000_000_000L)).hasMessageContaining("outside the 32-bit range");
        assertThatThrownBy(() -> to("n_int", true)).hasMessageContaining("is not a whole number");
        assertThatThrownBy(() -> to("f_float", "1d")).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> to("f_float", new BigDecimal("1e400"))).hasMessageContaining("outside the range of a double");
        assertThatThrownBy(() -> to("r_real", 1e300)).hasMessageContaining("outside the range of a real");
        assertThatThrownBy(() -> to("b_bool", "yes")).hasMessageContaining("give true or false");
        assertThatThrownBy(() -> to("b_bool", 1)).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> to("t_datetime", "yesterday")).hasMessageContaining("'yesterday' is not a date-time");
        assertThatThrownBy(() -> to("t_datetime", 1700000000)).hasMessageContaining("is not a date-time");
        assertThatThrownBy(() -> to("d_date", "2024-02-30")).hasMessageContaining("is not a date");
        assertThatThrownBy(() -> to("j_dict", "{not json")).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> to("j_dict", "[1]")).hasMessageContaining("is not a dict (JSON object)");
        assertThatThrownBy(() -> to("j_list", Map.of())).hasMessageContaining("is not a list (JSON array)");
        assertThatThrownBy(() -> to("j_dict", Map.of("k", "a\u0000b"))).hasMessageContaining("NUL");
        assertThatThrownBy(() -> to("m_decimal", "12,5")).hasMessageContaining("is not a decimal number");
        assertThatThrownBy(() -> to("m_decimal", Double.NaN)).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> to("u_uuid", "1-1-1-1-1")).hasMessageContaining("8-4-4-4-12");
        assertThatThrownBy(() -> to("x_bytes", "not base64!")).hasMessageContaining("is not base64");
        assertThatThrownBy(() -> to("s_str", Map.of())).hasMessageContaining("is not text");
        assertThatThrownBy(() -> to("s_str", "a\u0000b")).hasMessageContaining("NUL character");
        assertThatThrownBy(() -> to("nope", 1)).hasMessageContaining("unknown column 'nope'");
        InvalidValueException e = (InvalidValueException) org.assertj.core.api.Assertions.catchThrowable(() -> values.toJdbc("n_int", "x", "rows[3].n_int"));
        assertThat(e.model()).isEqualTo("Sample");
        assertThat(e.column()).isEqualTo("n_int");
        assertThat(e.key()).isEqualTo("rows[3].n_int");
    }
}
