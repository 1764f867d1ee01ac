package io.dataflow.crud;

/** Told how far a bulk operation has got; called on the caller's thread, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
