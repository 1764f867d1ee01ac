package io.dataflow.maintenance;

import java.util.List;

/**
 * How many pages live rows need, from PostgreSQL's page layout (bufpage.h, htup_details.h,
 * nbtree.h). Both the exact figures (from pgstattuple's counts) and the catalog estimate (from
 * pg_stats) go through the same arithmetic, so they differ only in what they were told.
 */
public final class PageMath {

    static final int MAXALIGN = 8;
    static final int PAGE_HEADER = 24;
    static final int LINE_POINTER = 4;
    static final int HEAP_TUPLE_HEADER = 23;
    static final int INDEX_TUPLE_HEADER = 8;
    static final int BTREE_SPECIAL = 16;
    /** INDEX_MAX_KEYS / 8: an index tuple's null bitmap is always this long. */
    static final int INDEX_NULL_BITMAP = 4;
    /** A short varlena (1-byte header) is not aligned; longer ones are (int alignment). */
    static final int SHORT_VARLENA_MAX = 126;
    /** Average bytes lost to MAXALIGN when tuple lengths vary: uniformly 0..7. */
    static final double AVERAGE_PADDING = (MAXALIGN - 1) / 2.0;
    /** Internal btree pages are filled to 70% (BTREE_NONLEAF_FILLFACTOR). */
    static final int BTREE_NONLEAF_FILLFACTOR = 70;

    private PageMath() {
    }

    static long maxAlign(double bytes) {
        return (long) Math.ceil(bytes / MAXALIGN) * MAXALIGN;
    }

    /** Bytes one heap tuple takes on its page, line pointer included. */
    public static double heapTupleSpace(double tupleLength, boolean constantWidth) {
        return (constantWidth ? maxAlign(tupleLength) : tupleLength + AVERAGE_PADDING) + LINE_POINTER;
    }

    /** Heap pages needed for {@code rows} tuples of {@code tupleSpace} bytes at a fillfactor. */
    public static long heapPages(double rows, double tupleSpace, int fillfactor, int blockSize) {
        if (rows <= 0) return 0;
        double usable = blockSize - PAGE_HEADER - (double) blockSize * (100 - fillfactor) / 100;
        long maxPerPage = (blockSize - PAGE_HEADER) / (maxAlign(HEAP_TUPLE_HEADER) + LINE_POINTER); // MaxHeapTuplesPerPage
        long perPage = Math.max(1, Math.min(maxPerPage, (long) Math.floor(usable / tupleSpace)));
        return (long) Math.ceil(rows / perPage);
    }

    /**
     * The expected length (header and data, before the final MAXALIGN) of a heap tuple with these
     * columns, or NaN when a column's width is unknown (never analyzed). Nulls take no data but
     * add a bitmap; fixed-width values are aligned to their type.
     */
    public static double heapTupleLength(List<ColumnStat> columns, int attributeCount) {
        double allPresent = 1;
        for (ColumnStat c : columns) allPresent *= 1 - c.nullFrac();
        double bitmapHeader = maxAlign(HEAP_TUPLE_HEADER + Math.ceil(attributeCount / 8.0));
        double header = allPresent * maxAlign(HEAP_TUPLE_HEADER) + (1 - allPresent) * bitmapHeader;
        return header + dataLength(columns);
    }

    static double dataLength(List<ColumnStat> columns) {
        double offset = 0;
        for (ColumnStat c : columns) {
            double width = c.width();
            if (Double.isNaN(width)) return Double.NaN;
            boolean aligned = c.length() > 0 || (c.length() == -1 && width > SHORT_VARLENA_MAX);
            long at = Math.round(offset);
            long pad = aligned ? (at + c.alignBytes() - 1) / c.alignBytes() * c.alignBytes() - at : 0;
            offset += (1 - c.nullFrac()) * (pad + width);
        }
        return offset;
    }

    public static boolean constantWidth(List<ColumnStat> columns) {
        return columns.stream().allMatch(ColumnStat::constantWidth);
    }

    /** Bytes one btree leaf tuple takes (IndexTupleData, optional null bitmap, keys, line pointer). */
    public static double indexTupleSpace(List<ColumnStat> keys) {
        boolean nulls = keys.stream().anyMatch(k -> k.nullFrac() > 0);
        double header = nulls ? maxAlign(INDEX_TUPLE_HEADER + INDEX_NULL_BITMAP) : INDEX_TUPLE_HEADER;
        double length = header + dataLength(keys);
        return (constantWidth(keys) ? maxAlign(length) : length + AVERAGE_PADDING) + LINE_POINTER;
    }

    /** Bytes a leaf page holds at a fillfactor, as a sorted build (CREATE INDEX, REINDEX) fills it. */
    static double btreeLeafCapacity(int fillfactor, int blockSize) {
        return blockSize - PAGE_HEADER - BTREE_SPECIAL - (double) blockSize * (100 - fillfactor) / 100;
    }

    /**
     * Pages a freshly built btree needs for {@code leafBytes} of leaf tuples: leaves filled to the
     * fillfactor (less one tuple's room for the high key), the internal levels, and the metapage.
     */
    public static long btreePages(double leafBytes, double tupleSpace, int fillfactor, int blockSize) {
        if (leafBytes <= 0) return 1;
        double perLeaf = Math.max(tupleSpace, btreeLeafCapacity(fillfactor, blockSize) - tupleSpace);
        long leaves = (long) Math.ceil(leafBytes / perLeaf);
        return 1 + leaves + internalPages(leaves, blockSize);
    }

    static long internalPages(long leaves, int blockSize) {
        if (leaves <= 1) return 0;
        // a downlink is an 8-byte header plus a truncated key: about 16 bytes with its line pointer
        double perPage = (blockSize - PAGE_HEADER - BTREE_SPECIAL) * BTREE_NONLEAF_FILLFACTOR / 100.0 / 16;
        long pages = 0;
        for (long level = leaves; level > 1; level = (long) Math.ceil(level / perPage)) pages += (long) Math.ceil(level / perPage);
        return pages;
    }

    /**
     * Leaf bytes of a deduplicated btree (PostgreSQL 13+): each key value is stored once per
     * posting list of up to {@code maxPostingTids} 6-byte heap pointers, instead of once per row.
     */
    public static double postingBytes(double rows, double distinct, double keyTupleSpace, int blockSize) {
        double postingHeader = keyTupleSpace - LINE_POINTER; // header and key, aligned
        // a sorted build caps a posting tuple at 10% of a page (nbtsort.c)
        double maxPosting = Math.floor(blockSize * 0.10 / MAXALIGN) * MAXALIGN - LINE_POINTER;
        double maxTids = Math.max(1, Math.floor((maxPosting - postingHeader) / 6));
        double postingsPerValue = Math.ceil(rows / distinct / maxTids);
        double tuples = distinct * postingsPerValue;
        return tuples * (keyTupleSpace + AVERAGE_PADDING) + rows * 6;
    }
}
