package io.dataflow.lock;

/**
 * What a session waits for, in words and in parts.
 *
 * @param type          table, relation (an index, sequence...), row, transaction, advisory, virtual_transaction, or pg_locks' locktype
 * @param description   one line, e.g. {@code row (0,3) of products} or {@code advisory lock 42}
 * @param relation      the table (schema-qualified when not on the search path), or null
 * @param ctid          the row's physical address {@code (page,tuple)}, or null
 * @param transactionId the transaction waited for, or null
 * @param advisoryKey   the advisory lock key ({@code 42} or {@code (1, 2)} for the two-int form), or null
 */
public record LockedObject(String type, String description, String relation, String ctid, String transactionId, String advisoryKey) {
}
