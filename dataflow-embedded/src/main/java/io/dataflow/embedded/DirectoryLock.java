package io.dataflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file, held against other threads of this JVM and against other JVMs.
 * FileChannel.lock alone is per process (a second lock in the same JVM throws), hence the in-JVM lock too.
 */
final class DirectoryLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private DirectoryLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until the lock file is ours; creates it (and its directory) if needed. */
    static DirectoryLock acquire(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new DirectoryLock(threadLock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            threadLock.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Could not lock " + key, io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Like {@link #acquire}, but gives up after {@code timeout} and returns null: for a shutdown hook, which must
     * not hang the JVM's exit behind a thread of the same JVM that holds the lock while it starts a server.
     */
    static DirectoryLock tryAcquire(Path lockFile, java.time.Duration timeout) {
        Path key = lockFile.toAbsolutePath().normalize();
        long deadline = System.nanoTime() + timeout.toNanos();
        ReentrantLock threadLock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            if (!threadLock.tryLock(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) return new DirectoryLock(threadLock, channel, lock);
                if (System.nanoTime() > deadline) break;
                Thread.sleep(50);
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not locked
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(channel);
        threadLock.unlock();
        return null;
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it anyway.
        } finally {
            closeQuietly(channel);
            threadLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing useful to do: the lock dies with the channel or the process.
            }
        }
    }
}
