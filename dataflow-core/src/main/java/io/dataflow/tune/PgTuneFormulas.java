package io.dataflow.tune;

import static io.dataflow.tune.Sizes.formatKb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PgTune's formulas (le0pard/pgtune, src/features/configuration/configurationSlice.js, Linux,
 * PostgreSQL 13+), written out in docs/tuning.md. Pure arithmetic on kB, floored like the
 * JavaScript, so a case can be checked against pgtune.leopard.in.ua by hand.
 */
public final class PgTuneFormulas {

    static final long MB_KB = 1024;
    static final long GB_KB = 1024 * 1024;
    /** PostgreSQL's default max_worker_processes, which PgTune counts when it recommends none. */
    static final int DEFAULT_WORKERS = 8;

    /** A remark on a category of settings (e.g. why the parallel settings are left alone). */
    public record Note(String category, String text) {
    }

    /** The recommendations, and notes on what PgTune deliberately leaves alone. */
    public record Result(List<Recommendation> recommendations, List<Note> notes) {
        public Result {
            recommendations = List.copyOf(recommendations);
            notes = List.copyOf(notes);
        }
    }

    private PgTuneFormulas() {
    }

    public static Result recommend(TuneProfile p) {
        List<Recommendation> out = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        Workload w = p.workload();
        long ram = p.ramKb();
        boolean desktop = w == Workload.DESKTOP;

        long sharedBuffers = desktop ? ram / 16 : ram / 4;
        out.add(memory("shared_buffers", sharedBuffers, (desktop ? "1/16" : "1/4") + " of RAM " + formatKb(ram)
                + ": PostgreSQL's own cache; the OS page cache holds the rest"));
        long cache = desktop ? ram / 4 : ram * 3 / 4;
        out.add(memory("effective_cache_size", cache, (desktop ? "1/4" : "3/4") + " of RAM: the planner's estimate of"
                + " shared_buffers plus the OS page cache (allocates nothing)"));
        out.add(memory("maintenance_work_mem", maintenanceWorkMem(w, ram), (w == Workload.DW ? "1/8" : "1/16")
                + " of RAM, at most 8GB: faster VACUUM, CREATE INDEX and ALTER TABLE ADD FOREIGN KEY"));
        out.add(new Recommendation("checkpoint_completion_target", "0.9",
                "spread checkpoint writes over 90% of the interval (PostgreSQL 14's default)", "checkpoints"));
        out.add(memory("wal_buffers", walBuffers(sharedBuffers), "3% of shared_buffers, at most 16MB"
                + " (PostgreSQL's own auto-tuning rule)"));
        out.add(new Recommendation("default_statistics_target", w == Workload.DW ? "500" : "100", w == Workload.DW
                ? "dw: finer statistics for large analytical queries" : "PostgreSQL's default suits " + w.id() + " queries", "planner"));
        out.add(new Recommendation("random_page_cost", p.storage() == StorageType.HDD ? "4" : "1.1", p.storage() == StorageType.HDD
                ? "hdd: a random read costs about 4 sequential ones" : p.storage().id() + ": random reads cost nearly as little as sequential ones",
                "storage"));
        out.add(new Recommendation("effective_io_concurrency", String.valueOf(ioConcurrency(p.storage())),
                p.storage().id() + ": how many concurrent reads the storage serves well", "storage"));

        List<Recommendation> parallel = parallel(w, p.cpus());
        int workers = parallel.isEmpty() ? DEFAULT_WORKERS : p.cpus();
        long workMem = workMem(w, ram, sharedBuffers, p.connections(), workers);
        out.add(memory("work_mem", workMem, String.format(Locale.ROOT, "(RAM %s - shared_buffers %s) / ((max_connections %d"
                + " + %d workers) x 3)%s, at least 4MB: every sort or hash may take this much",
                formatKb(ram), formatKb(sharedBuffers), p.connections(), workers, switch (w) {
                    case DW, MIXED -> " / 2";
                    case DESKTOP -> " / 6";
                    default -> "";
                })));
        boolean huge = sharedBuffers >= 2 * GB_KB;
        out.add(new Recommendation("huge_pages", huge ? "try" : "off", huge
                ? "shared_buffers is 2GB or more: huge pages save page-table memory and TLB misses (falls back when the OS has none)"
                : "shared_buffers is under 2GB: huge pages gain little", "memory"));
        if (w == Workload.WEB || w == Workload.OLTP || w == Workload.MIXED) {
            out.add(new Recommendation("jit", "off", w.id() + ": JIT compilation costs more than it saves on short queries", "planner"));
        } else {
            notes.add(new Note("planner", "jit: left as it is; PgTune turns it off only for web, oltp and mixed workloads"));
        }
        long[] wal = walSizesMb(w);
        out.add(memory("min_wal_size", wal[0] * MB_KB, w.id() + ": WAL kept for reuse, so bursts do not create segments", "checkpoints"));
        out.add(memory("max_wal_size", wal[1] * MB_KB, w.id() + ": fewer checkpoints forced by WAL volume", "checkpoints"));
        out.addAll(parallel);
        if (parallel.isEmpty()) {
            notes.add(new Note("parallelism", p.cpus() == null ? "parallel workers: CPUs unknown, left as they are"
                    : "parallel workers: fewer than 4 CPUs, left at PostgreSQL's defaults (PgTune does the same)"));
        }
        if (ram < 256 * MB_KB) notes.add(new Note("memory", "PgTune's formulas are not meant for less than 256MB of RAM"));
        if (ram > 100 * GB_KB) notes.add(new Note("memory", "PgTune's formulas are not meant for more than 100GB of RAM; check the memory settings by hand"));
        return new Result(out, notes);
    }

    static long maintenanceWorkMem(Workload w, long ramKb) {
        return Math.min(w == Workload.DW ? ramKb / 8 : ramKb / 16, 8 * GB_KB);
    }

    static long walBuffers(long sharedBuffersKb) {
        long value = Math.min(3 * sharedBuffersKb / 100, 16 * MB_KB);
        if (value > 14 * MB_KB) value = 16 * MB_KB; // near 16MB: round up to the even 16MB
        return Math.max(value, 32);
    }

    static int ioConcurrency(StorageType storage) {
        return switch (storage) {
            case HDD -> 2;
            case SSD -> 200;
            case SAN -> 300;
            case NVME -> 1000;
        };
    }

    static long[] walSizesMb(Workload w) {
        return switch (w) {
            case WEB, MIXED -> new long[] {1024, 4096};
            case OLTP -> new long[] {2048, 8192};
            case DW -> new long[] {4096, 16384};
            case DESKTOP -> new long[] {100, 2048};
        };
    }

    static long workMem(Workload w, long ramKb, long sharedBuffersKb, int connections, int workers) {
        double perConnection = (double) (ramKb - sharedBuffersKb) / ((connections + workers) * 3L);
        long value = (long) Math.floor(switch (w) {
            case WEB, OLTP -> perConnection;
            case DW, MIXED -> perConnection / 2;
            case DESKTOP -> perConnection / 6;
        });
        return Math.max(value, 4 * MB_KB);
    }

    /** From 4 CPUs on: a worker per CPU, per gather half the CPUs (at most 4 except for dw). */
    static List<Recommendation> parallel(Workload w, Integer cpus) {
        if (cpus == null || cpus < 4) return List.of();
        int half = (cpus + 1) / 2;
        int perGather = w == Workload.DW ? half : Math.min(half, 4);
        return List.of(
                new Recommendation("max_worker_processes", String.valueOf(cpus), cpus + " CPUs: a background worker per CPU", "parallelism"),
                new Recommendation("max_parallel_workers_per_gather", String.valueOf(perGather), "half the CPUs"
                        + (w == Workload.DW ? " (dw: no cap)" : ", at most 4: more workers per query rarely pay off"), "parallelism"),
                new Recommendation("max_parallel_workers", String.valueOf(cpus), cpus + " CPUs: parallel query workers in all", "parallelism"),
                new Recommendation("max_parallel_maintenance_workers", String.valueOf(Math.min(half, 4)),
                        "half the CPUs, at most 4: parallel CREATE INDEX and VACUUM", "parallelism"));
    }

    private static Recommendation memory(String name, long kb, String reason) {
        return memory(name, kb, reason, "memory");
    }

    /**
     * Values of 1GB and more are rounded down to a whole MB: with RAM given in whole GB (as PgTune
     * takes it) they already are, and with detected RAM {@code 6026MB} reads better than
     * {@code 6170880kB} for the loss of less than 1MB.
     */
    private static Recommendation memory(String name, long kb, String reason, String category) {
        return new Recommendation(name, formatKb(kb >= GB_KB ? kb / MB_KB * MB_KB : kb), reason, category);
    }
}
