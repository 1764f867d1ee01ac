package io.dataflow.cache;

/** The cache server did not answer (down, slow, refused): the query goes to the database. */
final class CacheUnavailableException extends RuntimeException {

    CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
