package io.dataflow.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PgTune's formulas, case by case. Every expected value below was worked out by hand from
 * PgTune's configurationSlice.js (see docs/tuning.md), not from this code. Shared by all cases:
 * checkpoint_completion_target 0.9; wal_buffers = 3% of shared_buffers capped at 16MB;
 * work_mem = (RAM - shared_buffers) / ((connections + workers) x 3), workers = CPUs from 4 CPUs on, else 8.
 */
class TunePgTuneFormulasTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // PgTune's default form: 16GB, 8 CPUs, SSD, web, 200 connections.
                // work_mem = (16777216 - 4194304) kB / ((200 + 8) x 3) = 20164.9 -> 20164kB
                Arguments.of(16, 8, StorageType.SSD, Workload.WEB, 200, expect(
                        "shared_buffers", "4GB", "effective_cache_size", "12GB", "maintenance_work_mem", "1GB",
                        "wal_buffers", "16MB", "default_statistics_target", "100", "random_page_cost", "1.1",
                        "effective_io_concurrency", "200", "work_mem", "20164kB", "huge_pages", "try", "jit", "off",
                        "min_wal_size", "1GB", "max_wal_size", "4GB", "max_worker_processes", "8",
                        "max_parallel_workers_per_gather", "4", "max_parallel_workers", "8", "max_parallel_maintenance_workers", "4")),
                // 2 CPUs: no parallel settings, work_mem counts PostgreSQL's 8 workers: 3145728 / 324 = 9709.0
                Arguments.of(4, 2, StorageType.SSD, Workload.WEB, 100, expect(
                        "shared_buffers", "1GB", "effective_cache_size", "3GB", "maintenance_work_mem", "256MB",
                        "wal_buffers", "16MB", "default_statistics_target", "100", "random_page_cost", "1.1",
                        "effective_io_concurrency", "200", "work_mem", "9709kB", "huge_pages", "off", "jit", "off",
                        "min_wal_size", "1GB", "max_wal_size", "4GB")),
                // NVMe OLTP: 50331648 / ((300 + 16) x 3) = 53092.0
                Arguments.of(64, 16, StorageType.NVME, Workload.OLTP, 300, expect(
                        "shared_buffers", "16GB", "effective_cache_size", "48GB", "maintenance_work_mem", "4GB",
                        "wal_buffers", "16MB", "default_statistics_target", "100", "random_page_cost", "1.1",
                        "effective_io_concurrency", "1000", "work_mem", "53092kB", "huge_pages", "try", "jit", "off",
                        "min_wal_size", "2GB", "max_wal_size", "8GB", "max_worker_processes", "16",
                        "max_parallel_workers_per_gather", "4", "max_parallel_workers", "16", "max_parallel_maintenance_workers", "4")),
                // SAN data warehouse: maintenance 128GB/8 = 16GB capped at 8GB; per gather not capped (16);
                // work_mem = 100663296 / ((40 + 32) x 3) / 2 = 233016.8; jit left alone
                Arguments.of(128, 32, StorageType.SAN, Workload.DW, 40, expect(
                        "shared_buffers", "32GB", "effective_cache_size", "96GB", "maintenance_work_mem", "8GB",
                        "wal_buffers", "16MB", "default_statistics_target", "500", "random_page_cost", "1.1",
                        "effective_io_concurrency", "300", "work_mem", "233016kB", "huge_pages", "try",
                        "min_wal_size", "4GB", "max_wal_size", "16GB", "max_worker_processes", "32",
                        "max_parallel_workers_per_gather", "16", "max_parallel_workers", "32", "max_parallel_maintenance_workers", "4")),
                // HDD desktop: shared_buffers RAM/16, cache RAM/4; wal_buffers 3% of 131072 = 3932;
                // work_mem = (2097152 - 131072) / ((20 + 4) x 3) / 6 = 4551.1
                Arguments.of(2, 4, StorageType.HDD, Workload.DESKTOP, 20, expect(
                        "shared_buffers", "128MB", "effective_cache_size", "512MB", "maintenance_work_mem", "128MB",
                        "wal_buffers", "3932kB", "default_statistics_target", "100", "random_page_cost", "4",
                        "effective_io_concurrency", "2", "work_mem", "4551kB", "huge_pages", "off",
                        "min_wal_size", "100MB", "max_wal_size", "2GB", "max_worker_processes", "4",
                        "max_parallel_workers_per_gather", "2", "max_parallel_workers", "4", "max_parallel_maintenance_workers", "2")),
                // Mixed: 25165824 / ((100 + 12) x 3) / 2 = 37449.1
                Arguments.of(32, 12, StorageType.SSD, Workload.MIXED, 100, expect(
                        "shared_buffers", "8GB", "effective_cache_size", "24GB", "maintenance_work_mem", "2GB",
                        "wal_buffers", "16MB", "default_statistics_target", "100", "random_page_cost", "1.1",
                        "effective_io_concurrency", "200", "work_mem", "37449kB", "huge_pages", "try", "jit", "off",
                        "min_wal_size", "1GB", "max_wal_size", "4GB", "max_worker_processes", "12",
                        "max_parallel_workers_per_gather", "4", "max_parallel_workers", "12", "max_parallel_maintenance_workers", "4")),
                // HDD OLTP, many connections: 6291456 / ((500 + 4) x 3) = 4161.0; shared_buffers exactly 2GB -> huge pages
                Arguments.of(8, 4, StorageType.HDD, Workload.OLTP, 500, expect(
                        "shared_buffers", "2GB", "effective_cache_size", "6GB", "maintenance_work_mem", "512MB",
                        "wal_buffers", "16MB", "default_statistics_target", "100", "random_page_cost", "4",
                        "effective_io_concurrency", "2", "work_mem", "4161kB", "huge_pages", "try", "jit", "off",
                        "min_wal_size", "2GB", "max_wal_size", "8GB", "max_worker_processes", "4",
                        "max_parallel_workers_per_gather", "2", "max_parallel_workers", "4", "max_parallel_maintenance_workers", "2")),
                // 1GB and 9999 connections: work_mem floors at 4MB; wal_buffers 3% of 262144 = 7864
                Arguments.of(1, 1, StorageType.SSD, Workload.WEB, 9999, expect(
                        "shared_buffers", "256MB", "effective_cache_size", "768MB", "maintenance_work_mem", "64MB",
                        "wal_buffers", "7864kB", "default_statistics_target", "100", "random_page_cost", "1.1",
                        "effective_io_concurrency", "200", "work_mem", "4MB", "huge_pages", "off", "jit", "off",
                        "min_wal_size", "1GB", "max_wal_size", "4GB")),
                // 256GB: maintenance capped at 8GB; 201326592 / ((1000 + 64) x 3) = 63072.2
                Arguments.of(256, 64, StorageType.NVME, Workload.WEB, 1000, expect(
                        "shared_buffers", "64GB", "effective_cache_size", "192GB", "maintenance_work_mem", "8GB",
                        "wal_buffers", "16MB", "default_statistics_target", "100", "random_page_cost", "1.1",
                        "effective_io_concurrency", "1000", "work_mem", "63072kB", "huge_pages", "try", "jit", "off",
                        "min_wal_size", "1GB", "max_wal_size", "4GB", "max_worker_processes", "64",
                        "max_parallel_workers_per_gather", "4", "max_parallel_workers", "64", "max_parallel_maintenance_workers", "4")),
                // 6 CPUs dw: ceil(6/2) = 3 per gather and for maintenance; 18874368 / ((60 + 6) x 3) / 2 = 47662.5
                Arguments.of(24, 6, StorageType.SSD, Workload.DW, 60, expect(
                        "shared_buffers", "6GB", "effective_cache_size", "18GB", "maintenance_work_mem", "3GB",
                        "wal_buffers", "16MB", "default_statistics_target", "500", "random_page_cost", "1.1",
                        "effective_io_concurrency", "200", "work_mem", "47662kB", "huge_pages", "try",
                        "min_wal_size", "4GB", "max_wal_size", "16GB", "max_worker_processes", "6",
                        "max_parallel_workers_per_gather", "3", "max_parallel_workers", "6", "max_parallel_maintenance_workers", "3")));
    }

    @ParameterizedTest(name = "{0}GB, {1} CPUs, {2}, {3}, {4} connections")
    @MethodSource("cases")
    void recommendationsEqualPgTunesFormulas(int ramGb, int cpus, StorageType storage, Workload workload, int connections,
                                              Map<String, String> expected) {
        PgTuneFormulas.Result result = PgTuneFormulas.recommend(new TuneProfile(workload, ramGb * 1024L * 1024, cpus, storage, connections, 17));
        Map<String, String> actual = new LinkedHashMap<>();
        result.recommendations().forEach(r -> actual.put(r.name(), r.value()));
        Map<String, String> all = new LinkedHashMap<>(expected);
        all.put("checkpoint_completion_target", "0.9");
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(all);
        assertThat(result.recommendations()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    }

    @org.junit.jupiter.api.Test
    void reservesComeOffTheRamFirst() {
        // MemoryConfigNode's keys: 16GB - 2GB for the OS - 100 connections x 10MB = 13336MB = 13656064 kB.
        // shared_buffers 13656064/4 = 3414016 kB = 3334MB; cache x3/4 = 10002MB; maintenance /16 = 853504kB;
        // work_mem (13656064 - 3414016) / ((100 + 8) x 3) = 31611.2
        long usableKb = (16384 - 2048 - 100 * 10) * 1024L;
        Map<String, String> actual = new LinkedHashMap<>();
        PgTuneFormulas.recommend(new TuneProfile(Workload.WEB, usableKb, 8, StorageType.SSD, 100, 17)).recommendations()
                .forEach(r -> actual.put(r.name(), r.value()));
        assertThat(actual).containsEntry("shared_buffers", "3334MB").containsEntry("effective_cache_size", "10002MB")
                .containsEntry("maintenance_work_mem", "853504kB").containsEntry("work_mem", "31611kB");
    }

    @org.junit.jupiter.api.Test
    void valuesOfAGigabyteOrMoreFromOddRamAreWholeMegabytes() {
        // detected RAM 24105MB: shared_buffers 24683520/4 = 6170880 kB (6026.25MB) -> 6026MB; work_mem stays exact
        Map<String, String> actual = new LinkedHashMap<>();
        PgTuneFormulas.recommend(new TuneProfile(Workload.WEB, 24105 * 1024L, 2, StorageType.SSD, 100, 17)).recommendations()
                .forEach(r -> actual.put(r.name(), r.value()));
        assertThat(actual).containsEntry("shared_buffers", "6026MB").containsEntry("effective_cache_size", "18078MB")
                .containsEntry("maintenance_work_mem", "1506MB").containsEntry("work_mem", "57137kB");
    }

    @org.junit.jupiter.api.Test
    void unknownCpusLeaveParallelSettingsAloneAndSaySo() {
        PgTuneFormulas.Result result = PgTuneFormulas.recommend(new TuneProfile(Workload.DW, 8L * 1024 * 1024, null, StorageType.SSD, 40, 17));
        assertThat(result.recommendations()).extracting(Recommendation::name).doesNotContain("max_worker_processes", "jit");
        assertThat(result.notes()).extracting(PgTuneFormulas.Note::text).anyMatch(n -> n.contains("CPUs unknown")).anyMatch(n -> n.startsWith("jit"));
    }

    private static Map<String, String> expect(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put(pairs[i], pairs[i + 1]);
        return out;
    }
}
