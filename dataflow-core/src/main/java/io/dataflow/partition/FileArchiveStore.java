package io.dataflow.partition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Archives in a local directory; files appear atomically (written aside, then renamed). */
final class FileArchiveStore implements ArchiveStore {

    private final Path dir;

    FileArchiveStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public void check() throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) throw new IOException("directory " + dir + " is not writable");
    }

    @Override
    public void put(String name, Path file) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp); // gone after the move; a failed copy leaves no .part behind
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        Path file = dir.resolve(name);
        try {
            return Files.newInputStream(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.io.FileNotFoundException(file.toUri() + " does not exist (deleted or moved since it was written?)");
        }
    }

    /** Beside the archives, so a temporary file is never left where nobody looks for it; one directory per table. */
    @Override
    public Path scratch(String table) {
        return dir.resolve(".dataflow-tmp").resolve(table);
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(dir.resolve(name));
    }

    @Override
    public String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }
}
