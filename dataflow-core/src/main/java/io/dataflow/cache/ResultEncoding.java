package io.dataflow.cache;

import java.util.Map;

/**
 * The bytes a result is cached as, for a serialization and compression: what the benchmarks
 * compare and what a tool can use to read an entry.
 */
public final class ResultEncoding {

    private final EntryFormat format;

    private ResultEncoding(CacheConfig.Serialization serialization, CacheConfig.Compression compression) {
        this.format = new EntryFormat(serialization, compression);
    }

    public static ResultEncoding of(CacheConfig.Serialization serialization, CacheConfig.Compression compression) {
        return new ResultEncoding(serialization, compression);
    }

    public byte[] encode(QueryResult result) {
        return format.encode(Map.of(), result);
    }

    /** Throws an IllegalArgumentException for bytes that are not an entry of this encoding. */
    public QueryResult decode(byte[] bytes) {
        try {
            return format.decode(bytes).result();
        } catch (CorruptEntryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
