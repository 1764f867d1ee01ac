package io.dataflow.crud;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.model.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CsvEncodingTest {

    @Test
    void nullIsAnUnquotedEmptyFieldAndTheEmptyStringIsQuoted() {
        assertThat(CsvEncoding.row(null, "", "a")).isEqualTo(",\"\",a\n");
    }

    @Test
    void quotesCommasAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(CsvEncoding.row("say \"hi\"", "a,b", "line1\nline2", "cr\rlf")).isEqualTo("\"say \"\"hi\"\"\",\"a,b\",\"line1\nline2\",\"cr\rlf\"\n");
        assertThat(CsvEncoding.row("\"")).isEqualTo("\"\"\"\"\n");
        assertThat(CsvEncoding.row("x'; DROP TABLE users; --")).isEqualTo("x'; DROP TABLE users; --\n");
    }

    @Test
    void aBackslashIsQuotedSoALoneEndMarkerCannotEndTheData() {
        assertThat(CsvEncoding.row("\\.")).isEqualTo("\"\\.\"\n");
        assertThat(CsvEncoding.row("C:\\dir")).isEqualTo("\"C:\\dir\"\n");
    }

    @Test
    void jsonIsItsTextQuoted() {
        Object dict = ColumnValues.convert(FieldType.DICT, Map.of("k", "a,\"b\""));
        assertThat(CsvEncoding.row(dict)).isEqualTo("\"{\"\"k\"\":\"\"a,\\\"\"b\\\"\"\"\"}\"\n");
        Object list = ColumnValues.convert(FieldType.LIST, List.of(1, 2));
        assertThat(CsvEncoding.row(list)).isEqualTo("\"[1,2]\"\n");
    }

    @Test
    void byteaIsBackslashXHex() {
        assertThat(CsvEncoding.row((Object) new byte[] {0, 1, (byte) 0xab, (byte) 0xff})).isEqualTo("\"\\x0001abff\"\n");
        assertThat(CsvEncoding.row((Object) new byte[0])).isEqualTo("\"\\x\"\n");
    }

    @Test
    void timesCarryTheirFractionAnExplicitOffsetAndAnEra() {
        assertThat(CsvEncoding.row(OffsetDateTime.parse("2024-01-01T10:00:00Z"), LocalDateTime.parse("2024-01-01T10:00:00.5"), LocalDate.parse("2024-02-29")))
                .isEqualTo("2024-01-01 10:00:00+00,2024-01-01 10:00:00.500000,2024-02-29\n");
        assertThat(CsvEncoding.row(OffsetDateTime.parse("0099-03-04T05:06:07.000008+05:30"), LocalDate.parse("-0043-03-15"), LocalDate.parse("+12345-01-01")))
                .isEqualTo("0099-03-04 05:06:07.000008+05:30,0044-03-15 BC,12345-01-01\n");
    }

    @Test
    void scalarsUseThePostgresSpelling() {
        UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(CsvEncoding.row(1L, 2, 1.5, Double.NaN, Double.NEGATIVE_INFINITY, true, false, new BigDecimal("1E+3"), u))
                .isEqualTo("1,2,1.5,NaN,-Infinity,true,false,1E+3,123e4567-e89b-12d3-a456-426614174000\n");
    }
}
