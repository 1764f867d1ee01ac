package io.dataflow.lock;

import java.time.Instant;
import java.util.List;

/**
 * Deadlocks since the previous check, from {@code pg_stat_database.deadlocks}, with details from the
 * server log when SQL can read it.
 *
 * @param total          the database's counter now (since its statistics were last reset)
 * @param sinceLastCheck the increase since the previous check; null on the first check (it sets the baseline)
 * @param previousCheck  when the previous check ran, or null
 * @param note           anything that qualifies the numbers (first check, statistics reset), or null
 * @param rememberedIn   where the last count is kept between checks: {@code dataflow.lock_monitor_state}, or {@code memory} and why
 * @param log            what the server log says about the deadlocks since the previous check
 */
public record DeadlockReport(long total, Long sinceLastCheck, Instant previousCheck, String note, String rememberedIn, Log log) {

    /**
     * @param readable whether the log could be read with pg_read_file
     * @param reason   why not, or null
     * @param file     the log file read, or null
     * @param entries  the deadlocks found in the part of the log written since the previous check
     */
    public record Log(boolean readable, String reason, String file, List<Entry> entries) {
        public Log {
            entries = List.copyOf(entries);
        }

        static Log unreadable(String reason) {
            return new Log(false, reason, null, List.of());
        }
    }

    /**
     * One "deadlock detected" error in the log.
     *
     * @param logged    the log line prefix (time, pid...) as the server wrote it
     * @param processes each process in the cycle: what it waited for, who blocked it, its query
     * @param lines     the entry's lines as logged
     */
    public record Entry(String logged, List<Process> processes, List<String> lines) {
        public Entry {
            processes = List.copyOf(processes);
            lines = List.copyOf(lines);
        }
    }

    public record Process(int pid, String waitsFor, Integer blockedBy, String query) {
    }
}
