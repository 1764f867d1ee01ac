package io.dataflow.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SampleRateTest {

    @ParameterizedTest(name = "{0}% with default {1} -> {2}")
    @CsvSource({
            "1, 100, 100", "2, 100, 200", "10, 100, 1000", "12.5, 100, 1250", "50, 100, 5000", "99.99, 100, 9999", "100, 100, 10000",
            // never below the server default, never above the maximum
            "5, 1000, 1000", "20, 1000, 2000", "100, 1000, 10000", "1, 10, 100", "1, 10000, 10000"})
    void aRateIsAShareOfTheMaximumTargetNotBelowTheDefault(double rate, int defaultTarget, int target) {
        assertThat(SampleRate.percent(rate).target(defaultTarget)).isEqualTo(target);
    }

    @Test
    void defaultResetsToTheServerDefault() {
        assertThat(SampleRate.parse("default", "node 'n'", "sample_rate")).isEqualTo(SampleRate.DEFAULT);
        assertThat(SampleRate.parse(" DEFAULT ", "node 'n'", "sample_rate").target(100)).isEqualTo(-1);
        assertThat(SampleRate.DEFAULT.target(250)).isEqualTo(SampleRate.RESET);
    }

    @Test
    void absentKeepsTargetsAndNumbersMayComeAsText() {
        assertThat(SampleRate.parse(null, "n", "sample_rate")).isNull();
        assertThat(SampleRate.parse("50", "n", "sample_rate").target(100)).isEqualTo(5000);
        assertThat(SampleRate.parse(100L, "n", "sample_rate").target(100)).isEqualTo(10000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "150", "-5", "0.99", "100.01", "NaN", "lots", "", "Infinity"})
    void outOfRangeOrNonNumericIsRefusedNamingWhereAndKey(String value) {
        Object config = value.matches("-?[0-9.]+") ? (Object) Double.parseDouble(value) : value;
        assertThatThrownBy(() -> SampleRate.parse(config, "node 'update_stats' (StatisticsUpdateNode)", "sample_rate"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("node 'update_stats'").hasMessageContaining("key 'sample_rate'")
                .hasMessageContaining("1 to 100").hasMessageContaining("'default'");
    }

    @Test
    void theRecordRefusesWhatParseRefuses() {
        assertThatThrownBy(() -> SampleRate.percent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRate.percent(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
