package io.dataflow.crud;

import io.dataflow.config.ConfigException;

/**
 * How a bulk create runs.
 *
 * @param batchSize rows per INSERT statement (capped so that one statement stays under PostgreSQL's
 *                  65,535 bind parameters); also how often progress is reported
 * @param returnIds whether to return the new ids; forces the INSERT path, since COPY returns nothing
 * @param progress  told after each INSERT statement, or every {@code batchSize} rows (at most 10,000) written to COPY,
 *                  and once at the end; {@code done} counts rows sent, which land only when the transaction commits
 */
public record BulkOptions(int batchSize, boolean returnIds, ProgressListener progress) {

    public static final int DEFAULT_BATCH_SIZE = 1000;

    public BulkOptions {
        if (batchSize < 1) throw new ConfigException("bulk options", "batch_size", "must be 1 or more, got " + batchSize);
        if (progress == null) progress = ProgressListener.NONE;
    }

    public static BulkOptions defaults() {
        return new BulkOptions(DEFAULT_BATCH_SIZE, false, ProgressListener.NONE);
    }

    public BulkOptions withReturnIds(boolean value) {
        return new BulkOptions(batchSize, value, progress);
    }

    public BulkOptions withBatchSize(int value) {
        return new BulkOptions(value, returnIds, progress);
    }

    public BulkOptions withProgress(ProgressListener value) {
        return new BulkOptions(batchSize, returnIds, value);
    }
}
