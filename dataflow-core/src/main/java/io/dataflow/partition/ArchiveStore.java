package io.dataflow.partition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** The place archive files and manifests are written to and read back from. */
public interface ArchiveStore extends AutoCloseable {

    /** Fails (with a message that says why) when the store cannot be written: run before any step. */
    void check() throws IOException;

    /** Stores a finished local file under {@code name}, replacing what is there (so a rerun never duplicates). */
    void put(String name, Path file) throws IOException;

    InputStream open(String name) throws IOException;

    boolean exists(String name) throws IOException;

    /** The full address of {@code name}, as recorded in the state table. */
    String uri(String name);

    /**
     * Where an export of {@code table} writes its temporary files: a directory only DataFlow writes
     * to, emptied at the start of the table's next archive run (under its run lock), so a killed export
     * leaves nothing behind for long.
     */
    default Path scratch(String table) {
        return Path.of(System.getProperty("java.io.tmpdir"), "dataflow-archive-tmp", Integer.toHexString(uri("").hashCode()), table);
    }

    @Override
    default void close() {
    }

    static ArchiveStore open(ArchiveDestination destination) {
        return destination.isS3() ? new S3ArchiveStore(destination) : new FileArchiveStore(destination.directory());
    }
}
