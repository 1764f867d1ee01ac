package io.dataflow.cache;

/** Turns a query result into bytes and back, keeping every value's Java type. */
interface ResultCodec {

    byte[] encode(QueryResult result);

    /** Throws {@link CorruptEntryException} for bytes it did not write. */
    QueryResult decode(byte[] bytes);

    static ResultCodec of(CacheConfig.Serialization serialization) {
        return serialization == CacheConfig.Serialization.JSON ? new JsonCodec() : new MsgpackCodec();
    }
}
