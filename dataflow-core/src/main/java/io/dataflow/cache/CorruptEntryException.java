package io.dataflow.cache;

/** A cached entry that cannot be decoded: treated as a miss and deleted. */
final class CorruptEntryException extends RuntimeException {

    CorruptEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}
