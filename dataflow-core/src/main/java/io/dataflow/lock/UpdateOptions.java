package io.dataflow.lock;

import java.util.Map;

/**
 * How an optimistic update handles a conflict.
 *
 * @param conflict        retry, merge or fail
 * @param maxRetries      retries after the first attempt; null means the model's {@code retry_on_conflict}
 * @param expectedVersion the version the caller read, or null (then: the version read at the start)
 * @param base            the row as the caller read it (for merge), or null (then: the row read at the start)
 * @param backoff         the pause between retries
 */
public record UpdateOptions(Conflict conflict, Integer maxRetries, Long expectedVersion, Map<String, ?> base, Backoff backoff) {

    public UpdateOptions {
        if (conflict == null) conflict = Conflict.RETRY;
        if (backoff == null) backoff = Backoff.DEFAULT;
    }

    public static UpdateOptions of(Conflict conflict) {
        return new UpdateOptions(conflict, null, null, null, Backoff.DEFAULT);
    }

    public UpdateOptions withMaxRetries(Integer value) {
        return new UpdateOptions(conflict, value, expectedVersion, base, backoff);
    }

    public UpdateOptions withExpectedVersion(Long value) {
        return new UpdateOptions(conflict, maxRetries, value, base, backoff);
    }

    public UpdateOptions withBase(Map<String, ?> value) {
        return new UpdateOptions(conflict, maxRetries, expectedVersion, value, backoff);
    }

    public UpdateOptions withBackoff(Backoff value) {
        return new UpdateOptions(conflict, maxRetries, expectedVersion, base, value);
    }
}
