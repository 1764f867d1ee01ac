package io.dataflow.tune;

import static io.dataflow.tune.TuneFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Units as PostgreSQL reads and shows them, and sizes as people type them. */
class TuneUnitsTest {

    @Test
    void parsesIntoTheSettingsOwnUnits() throws Exception {
        assertThat(PgUnits.parse(SHARED_BUFFERS, "4GB")).isEqualTo(524288);
        assertThat(PgUnits.parse(SHARED_BUFFERS, "128MB")).isEqualTo(16384);
        assertThat(PgUnits.parse(SHARED_BUFFERS, "1000")).isEqualTo(1000);
        assertThat(PgUnits.parse(SHARED_BUFFERS, "12kB")).as("1.5 blocks rounds like rint()").isEqualTo(2);
        assertThat(PgUnits.parse(WORK_MEM, "1.5GB")).isEqualTo(1572864);
        assertThat(PgUnits.parse(WORK_MEM, "64 MB")).isEqualTo(65536);
        assertThat(PgUnits.parse(WAL_BUFFERS, "-1")).isEqualTo(-1);
        assertThat(PgUnits.parse(MAX_WAL_SIZE, "4GB")).isEqualTo(4096);
        assertThat(PgUnits.parse(STATEMENT_TIMEOUT, "5min")).isEqualTo(300000);
        assertThat(PgUnits.parse(STATEMENT_TIMEOUT, "1.5s")).isEqualTo(1500);
        assertThat(PgUnits.parse(RANDOM_PAGE_COST, "1.1")).isEqualTo(1.1);
    }

    @Test
    void refusesWhatTheServerRefuses() {
        assertThatThrownBy(() -> PgUnits.parse(WORK_MEM, "64mb")).isInstanceOf(PgUnits.BadValue.class)
                .hasMessageContaining("'mb' is not a unit for work_mem (did you mean 'MB'?)")
                .hasMessageContaining("valid units are TB, GB, MB, kB, B");
        assertThatThrownBy(() -> PgUnits.parse(RANDOM_PAGE_COST, "1.1GB")).hasMessageContaining("random_page_cost takes no unit");
        assertThatThrownBy(() -> PgUnits.parse(WORK_MEM, "abc")).hasMessageContaining("'abc' is not a whole number")
                .hasMessageContaining("the server allows 64kB .. 2147483647kB (64 .. 2147483647 x kB)");
        assertThatThrownBy(() -> PgUnits.parse(STATEMENT_TIMEOUT, "5 minutes")).hasMessageContaining("'minutes' is not a unit")
                .hasMessageContaining("d, h, min, s, ms, us");
    }

    @Test
    void showsValuesAsShowDoes() {
        assertThat(PgUnits.display(SHARED_BUFFERS, "16384")).isEqualTo("128MB");
        assertThat(PgUnits.display(SHARED_BUFFERS, "3")).isEqualTo("24kB");
        assertThat(PgUnits.display(WORK_MEM, "4096")).isEqualTo("4MB");
        assertThat(PgUnits.display(WORK_MEM, "20164")).isEqualTo("20164kB");
        assertThat(PgUnits.display(WORK_MEM, "1048576")).isEqualTo("1GB");
        assertThat(PgUnits.display(MAX_WAL_SIZE, "1024")).isEqualTo("1GB");
        assertThat(PgUnits.display(MAX_WAL_SIZE, "80")).isEqualTo("80MB");
        assertThat(PgUnits.display(STATEMENT_TIMEOUT, "0")).isEqualTo("0");
        assertThat(PgUnits.display(STATEMENT_TIMEOUT, "60000")).isEqualTo("1min");
        assertThat(PgUnits.display(STATEMENT_TIMEOUT, "1500")).isEqualTo("1500ms");
        assertThat(PgUnits.display(WAL_BUFFERS, "-1")).isEqualTo("-1");
        assertThat(PgUnits.display(RANDOM_PAGE_COST, "4")).isEqualTo("4");
        assertThat(PgUnits.range(SHARED_BUFFERS)).isEqualTo("128kB .. 8589934584kB (16 .. 1073741823 x 8kB)");
        assertThat(PgUnits.range(RANDOM_PAGE_COST)).isEqualTo("0 .. no limit");
        assertThat(PgUnits.range(HUGE_PAGES)).isEmpty();
    }

    @Test
    void sizesAsPeopleTypeThem() {
        assertThat(Sizes.parseBytes("16GB", "w", "k")).isEqualTo(16 * Sizes.GB);
        assertThat(Sizes.parseBytes("16gb", "w", "k")).isEqualTo(16 * Sizes.GB);
        assertThat(Sizes.parseBytes("2G", "w", "k")).isEqualTo(2 * Sizes.GB);
        assertThat(Sizes.parseBytes("1.5 GB", "w", "k")).isEqualTo(3 * Sizes.GB / 2);
        assertThat(Sizes.parseBytes("512MB", "w", "k")).isEqualTo(512 * Sizes.MB);
        assertThat(Sizes.parseBytes("10MB", "w", "k")).isEqualTo(10 * Sizes.MB);
        assertThat(Sizes.parseRam(16, "w", "total_ram")).isEqualTo(16 * Sizes.GB);
        assertThat(Sizes.parseRam("16GB", "w", "total_ram")).isEqualTo(16 * Sizes.GB);
        assertThatThrownBy(() -> Sizes.parseBytes("16 XB", "MemoryConfigNode m", "reserve_os_memory")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MemoryConfigNode m, key 'reserve_os_memory'").hasMessageContaining("'XB' is not a size unit");
        assertThatThrownBy(() -> Sizes.parseBytes("lots", "w", "k")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> Sizes.parseRam(-2, "w", "total_ram")).hasMessageContaining("more than 0");
    }

    @Test
    void formatsLikePgTune() {
        assertThat(Sizes.formatKb(4L * 1024 * 1024)).isEqualTo("4GB");
        assertThat(Sizes.formatKb(1536 * 1024)).isEqualTo("1536MB");
        assertThat(Sizes.formatKb(20164)).isEqualTo("20164kB");
        assertThat(Sizes.formatKb(0)).isEqualTo("0kB");
        assertThat(Sizes.human(16 * Sizes.GB)).isEqualTo("16GB");
        assertThat(Sizes.human(24684084L * 1024)).isEqualTo("23.5GB");
    }

    @Test
    void workloadsAndStorageSuggestTheNearestName() {
        assertThat(Workload.parse("OLTP", "tune", "--workload")).isEqualTo(Workload.OLTP);
        assertThatThrownBy(() -> Workload.parse("wbe", "tune", "--workload")).hasMessageContaining("did you mean 'web'?")
                .hasMessageContaining("accepted: web, oltp, dw, mixed, desktop");
        assertThat(StorageType.parse("nvme", "tune", "--storage")).isEqualTo(StorageType.NVME);
        assertThatThrownBy(() -> StorageType.parse("nvm", "tune", "--storage")).hasMessageContaining("did you mean 'nvme'?");
    }
}
