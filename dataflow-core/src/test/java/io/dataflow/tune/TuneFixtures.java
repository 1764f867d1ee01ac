package io.dataflow.tune;

import java.util.List;

/** pg_settings rows as PostgreSQL 17 shows them on a fresh server, for tests that need no server. */
final class TuneFixtures {

    static final PgSetting SHARED_BUFFERS = integer("shared_buffers", "16384", "8kB", "postmaster", "16", "1073741823");
    static final PgSetting WORK_MEM = integer("work_mem", "4096", "kB", "user", "64", "2147483647");
    static final PgSetting WAL_BUFFERS = integer("wal_buffers", "512", "8kB", "postmaster", "-1", "262143");
    static final PgSetting MAX_WAL_SIZE = integer("max_wal_size", "1024", "MB", "sighup", "2", "2147483647");
    static final PgSetting STATEMENT_TIMEOUT = integer("statement_timeout", "0", "ms", "user", "0", "2147483647");
    static final PgSetting EFFECTIVE_IO = integer("effective_io_concurrency", "1", null, "user", "0", "1000");
    static final PgSetting RANDOM_PAGE_COST = real("random_page_cost", "4", "user", "0", "1.79769e+308");
    static final PgSetting CHECKPOINT_TARGET = real("checkpoint_completion_target", "0.9", "sighup", "0", "1");
    static final PgSetting HUGE_PAGES = new PgSetting("huge_pages", "try", null, "enum", "postmaster", null, null,
            List.of("off", "on", "try"), "default", false);
    static final PgSetting JIT = new PgSetting("jit", "on", null, "bool", "user", null, null, List.of(), "default", false);
    static final PgSetting TIME_ZONE = new PgSetting("TimeZone", "UTC", null, "string", "user", null, null, List.of(), "configuration file", false);
    static final PgSetting VERSION_NUM = integer("server_version_num", "170006", null, "internal", "170006", "170006");
    static final PgSetting DATA_DIRECTORY = new PgSetting("data_directory", "/var/lib/pg", null, "string", "postmaster", null, null,
            List.of(), "override", false);

    static PgSettings settings() {
        return new PgSettings(List.of(SHARED_BUFFERS, WORK_MEM, WAL_BUFFERS, MAX_WAL_SIZE, STATEMENT_TIMEOUT, EFFECTIVE_IO,
                RANDOM_PAGE_COST, CHECKPOINT_TARGET, HUGE_PAGES, JIT, TIME_ZONE, VERSION_NUM, DATA_DIRECTORY));
    }

    private TuneFixtures() {
    }

    private static PgSetting integer(String name, String value, String unit, String context, String min, String max) {
        return new PgSetting(name, value, unit, "integer", context, min, max, List.of(), "default", false);
    }

    private static PgSetting real(String name, String value, String context, String min, String max) {
        return new PgSetting(name, value, null, "real", context, min, max, List.of(), "default", false);
    }
}
