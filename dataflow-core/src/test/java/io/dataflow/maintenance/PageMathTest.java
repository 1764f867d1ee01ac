package io.dataflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dataflow.schedule.MaintenanceWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page arithmetic against layouts measured on PostgreSQL 15 (8 kB pages): the expected
 * numbers are what pg_relation_size and pgstatindex reported for these tables.
 */
class PageMathTest {

    private static final int BLOCK = 8192;
    private static final ColumnStat INT4 = ColumnStat.fixed(4, 'i');

    @Test
    void twoIntegerColumnsFit226RowsOnAHeapPage() {
        double length = PageMath.heapTupleLength(List.of(INT4, INT4), 2);
        assertThat(length).isEqualTo(32.0);
        double space = PageMath.heapTupleSpace(length, true);
        assertThat(space).isEqualTo(36.0);
        assertThat(PageMath.heapPages(226, space, 100, BLOCK)).isEqualTo(1);
        assertThat(PageMath.heapPages(227, space, 100, BLOCK)).isEqualTo(2);
        assertThat(PageMath.heapPages(226, space, 50, BLOCK)).isEqualTo(2);
    }

    @Test
    void nullsAndTextWidenTheEstimateAsPostgresStoresThem() {
        // (id int, qty int, note text, 20% null, 20 bytes average): 100,000 rows took 682 pages
        List<ColumnStat> columns = List.of(INT4, INT4, ColumnStat.varlena(20.5, 0.2));
        double space = PageMath.heapTupleSpace(PageMath.heapTupleLength(columns, 3), PageMath.constantWidth(columns));
        assertThat((double) PageMath.heapPages(100_000, space, 100, BLOCK)).isCloseTo(682, within(682 * 0.03));
    }

    @Test
    void aFreshIntegerBtreeMatchesPgstatindex() {
        double space = PageMath.indexTupleSpace(List.of(INT4));
        assertThat(space).isEqualTo(20.0);
        assertThat(PageMath.btreePages(100_000 * space, space, 90, BLOCK)).isEqualTo(276); // 274 leaves, root, meta
    }

    @Test
    void aDeduplicatedBtreeIsEstimatedAsPostingLists() {
        // 50,000 rows over 97 values: REINDEX gave 45 pages (43 leaves)
        double space = PageMath.indexTupleSpace(List.of(INT4));
        double bytes = PageMath.postingBytes(50_000, 97, space, BLOCK);
        assertThat(PageMath.btreePages(bytes, space, 90, BLOCK)).isBetween(43L, 47L);
    }

    @Test
    void scaleFactorsHalveDownToTheFloor() {
        assertThat(ScaleFactors.lowered(0.2)).isEqualTo(0.1);
        assertThat(ScaleFactors.lowered(0.05)).isEqualTo(0.025);
        assertThat(ScaleFactors.lowered(0.015)).isEqualTo(0.01);
        assertThat(ScaleFactors.lowered(0.01)).isEqualTo(0.01);
        assertThat(ScaleFactors.lowered(0.001)).isEqualTo(0.001);
    }

    @Test
    void aVacuumFullJobFiresAtTheNextOpeningOfTheWindow() {
        MaintenanceWindow w = MaintenanceWindow.parse("02:00-05:00", "t", "w");
        assertThat(WindowSchedule.nextOpening(w, Instant.parse("2025-03-09T14:20:00Z"))).isEqualTo("once 2025-03-10T02:00:00Z");
        assertThat(WindowSchedule.nextOpening(w, Instant.parse("2025-03-09T01:20:00Z"))).isEqualTo("once 2025-03-09T02:00:00Z");
        assertThat(WindowSchedule.nextOpening(w, Instant.parse("2025-03-09T03:10:30Z"))).isEqualTo("once 2025-03-09T03:11:00Z");
        MaintenanceWindow night = MaintenanceWindow.parse("22:00-02:00", "t", "w");
        assertThat(WindowSchedule.nextOpening(night, Instant.parse("2025-12-31T23:59:30Z"))).isEqualTo("once 2026-01-01T00:00:00Z");
    }
}
