package io.dataflow.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlockLogParserTest {

    static final String LOG = """
            2026-11-27 10:00:00.100 UTC [1200] LOG:  checkpoint starting: time
            2026-11-27 10:00:01.123 UTC [1234] ERROR:  deadlock detected
            2026-11-27 10:00:01.123 UTC [1234] DETAIL:  Process 1234 waits for ShareLock on transaction 5678; blocked by process 1235.
            \tProcess 1235 waits for ShareLock on transaction 5677; blocked by process 1234.
            \tProcess 1234: UPDATE accounts SET v = v + 1 WHERE id = 2
            \tProcess 1235: UPDATE accounts
            \t   SET v = v + 1 WHERE id = 1
            2026-11-27 10:00:01.123 UTC [1234] HINT:  See server log for query details.
            2026-11-27 10:00:01.123 UTC [1234] CONTEXT:  while updating tuple (0,2) in relation "accounts"
            2026-11-27 10:00:01.123 UTC [1234] STATEMENT:  UPDATE accounts SET v = v + 1 WHERE id = 2
            2026-11-27 10:00:02.000 UTC [1300] LOG:  something else
            """;

    @Test
    void anEntryWithItsProcessesAndQueries() {
        List<DeadlockReport.Entry> entries = DeadlockLogParser.parse(LOG);
        assertThat(entries).hasSize(1);
        DeadlockReport.Entry e = entries.get(0);
        assertThat(e.logged()).isEqualTo("2026-11-27 10:00:01.123 UTC [1234]");
        assertThat(e.lines()).hasSize(9).noneMatch(l -> l.contains("something else"));
        assertThat(e.processes()).containsExactly(
                new DeadlockReport.Process(1234, "ShareLock on transaction 5678", 1235, "UPDATE accounts SET v = v + 1 WHERE id = 2"),
                new DeadlockReport.Process(1235, "ShareLock on transaction 5677", 1234, "UPDATE accounts SET v = v + 1 WHERE id = 1"));
    }

    @Test
    void twoEntriesAndAnEmptyPrefix() {
        String noPrefix = """
                ERROR:  deadlock detected
                DETAIL:  Process 1 waits for ExclusiveLock on advisory lock [16384,0,7,1]; blocked by process 2.
                \tProcess 2 waits for ExclusiveLock on advisory lock [16384,0,8,1]; blocked by process 1.
                \tProcess 1: SELECT pg_advisory_lock(7)
                \tProcess 2: SELECT pg_advisory_lock(8)
                STATEMENT:  SELECT pg_advisory_lock(7)
                LOG:  next
                """;
        List<DeadlockReport.Entry> entries = DeadlockLogParser.parse(LOG + noPrefix);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).logged()).isEmpty();
        assertThat(entries.get(1).lines()).hasSize(6);
        assertThat(entries.get(1).processes()).extracting(DeadlockReport.Process::blockedBy).containsExactly(2, 1);
    }

    @Test
    void nothingToFind() {
        assertThat(DeadlockLogParser.parse("")).isEmpty();
        assertThat(DeadlockLogParser.parse("2026 [1] ERROR:  duplicate key value\n")).isEmpty();
    }
}
