package io.dataflow.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names and values checked against pg_settings before anything is applied; every problem named with what is accepted. */
class TuneValidatorTest {

    final SettingValidator validator = new SettingValidator(TuneFixtures.settings());

    @Test
    void theGuidesSsdSettingsAreAccepted() {
        Map<String, Object> guide = new LinkedHashMap<>();
        guide.put("random_page_cost", 1.1);
        guide.put("effective_io_concurrency", 200);
        guide.put("wal_buffers", "64MB");
        guide.put("checkpoint_completion_target", 0.9);
        guide.put("max_wal_size", "4GB");
        List<ValidSetting> valid = validator.validate("SSDOptimizationNode optimize_for_ssd", guide);
        assertThat(valid).extracting(ValidSetting::value).containsExactly("1.1", "200", "64MB", "0.9", "4GB");
        assertThat(valid).extracting(ValidSetting::number).containsExactly(1.1, 200.0, 8192.0, 0.9, 4096.0);
        assertThat(valid.get(2).display()).isEqualTo("64MB");
        assertThat(valid.get(3).sameAs("0.9")).as("already the server's value").isTrue();
        assertThat(valid.get(4).sameAs("4096")).isTrue();
        assertThat(valid.get(4).sameAs("4GB")).isTrue();
        assertThat(valid.get(4).sameAs("1024")).isFalse();
    }

    @Test
    void booleansEnumsAndNamesAreNormalised() {
        List<ValidSetting> valid = validator.validate("w", Map.of("JIT", false));
        assertThat(valid.get(0).name()).isEqualTo("jit");
        assertThat(valid.get(0).value()).isEqualTo("off");
        assertThat(validator.validate("w", Map.of("jit", "yes")).get(0).value()).isEqualTo("on");
        assertThat(validator.validate("w", Map.of("huge_pages", "TRY")).get(0).value()).isEqualTo("try");
        assertThat(validator.validate("w", Map.of("timezone", "Europe/Berlin")).get(0).name()).isEqualTo("TimeZone");
    }

    @Test
    void aNumberThatIsNotANumberIsRefusedWithTheRange() {
        assertThatThrownBy(() -> validator.validate("w", Map.of("work_mem", "abc")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("work_mem: 'abc' is not a whole number")
                .hasMessageContaining("the server allows 64kB .. 2147483647kB")
                .hasMessageContaining("nothing was applied");
    }

    @Test
    void aValueBelowTheMinimumIsRefusedWithTheRange() {
        assertThatThrownBy(() -> validator.validate("w", Map.of("shared_buffers", "64kB")))
                .hasMessageContaining("shared_buffers: '64kB' is below the minimum; the server allows 128kB .. 8589934584kB (16 .. 1073741823 x 8kB)");
        assertThatThrownBy(() -> validator.validate("w", Map.of("checkpoint_completion_target", 1.5)))
                .hasMessageContaining("'1.5' is above the maximum; the server allows 0 .. 1");
    }

    @Test
    void anUnknownNameGetsADidYouMean() {
        assertThatThrownBy(() -> validator.validate("w", Map.of("random_page_cst", 1.1)))
                .hasMessageContaining("'random_page_cst' is not a setting of this server (did you mean 'random_page_cost'?)");
    }

    @Test
    void aBadUnitIsRefusedWithTheValidUnitsAndRange() {
        assertThatThrownBy(() -> validator.validate("w", Map.of("wal_buffers", "64XB")))
                .hasMessageContaining("wal_buffers: 'XB' is not a unit for wal_buffers; valid units are TB, GB, MB, kB, B").hasMessageNotContaining("did you mean")
                .hasMessageContaining("the server allows -1 .. ");
    }

    @Test
    void enumsBooleansAndReadOnlySettings() {
        assertThatThrownBy(() -> validator.validate("w", Map.of("huge_pages", "maybe")))
                .hasMessageContaining("huge_pages: 'maybe' is not accepted; the server allows off, on, try");
        assertThatThrownBy(() -> validator.validate("w", Map.of("jit", "perhaps"))).hasMessageContaining("jit takes on or off");
        assertThatThrownBy(() -> validator.validate("w", Map.of("server_version_num", 1))).hasMessageContaining("read-only");
        assertThatThrownBy(() -> validator.validate("w", Map.of("data_directory", "/tmp"))).hasMessageContaining("cannot be changed with ALTER SYSTEM");
        assertThatThrownBy(() -> validator.validate("w", Map.of("work_mem", List.of(1)))).hasMessageContaining("must be a text, number or boolean");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("work_mem", "abc");
        bad.put("random_page_cost", 1.1);
        bad.put("shared_bufers", "1GB");
        InvalidSettingsException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingsException.class,
                () -> validator.validate("SSDOptimizationNode x", bad));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).startsWith("SSDOptimizationNode x, key 'settings': 2 settings refused, nothing was applied:")
                .contains("did you mean 'shared_buffers'?");
    }
}
