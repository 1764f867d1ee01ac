package io.dataflow.cache;

/**
 * A write under way: opened before its transaction starts, closed after it committed or rolled
 * back. While open, queries on the tables it changes are not stored; closing bumps their
 * generations, which drops every entry stored before. For application code that runs its own
 * transactions: {@code try (WriteTicket t = db.cache().writing(deps)) { ... commit ... }}.
 */
public interface WriteTicket extends AutoCloseable {

    @Override
    void close();

    WriteTicket NONE = () -> { };
}
