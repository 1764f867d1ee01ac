package io.dataflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who uses a server: one file per open handle, named {@code <pid>-<process start millis>-<n>}, in a
 * directory beside the data directory. A handle takes a lease when it starts or attaches and drops it
 * when it closes; the handle that drops the last live lease stops the server. A process killed with
 * SIGKILL cannot drop its lease, so a lease whose process is gone (or whose pid now belongs to a process
 * started at another time) is stale: it is deleted and not counted. Callers hold the data directory's
 * {@link DirectoryLock}, so counting and starting or stopping are one step for every process.
 */
final class Leases {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path directory;

    Leases(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Records a lease of this process; returns its file (what {@link #release} takes). */
    Path take() {
        ProcessHandle self = ProcessHandle.current();
        String name = self.pid() + "-" + startMillis(self).orElse(0L) + "-" + SEQUENCE.incrementAndGet();
        try {
            Files.createDirectories(directory);
            return Files.writeString(directory.resolve(name), "dataflow-embedded lease of pid " + self.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record a lease in " + directory, e);
        }
    }

    void release(Path lease) {
        try {
            Files.deleteIfExists(lease);
        } catch (IOException e) {
            log.warn("Could not delete the lease {}: {}", lease, e.getMessage());
        }
    }

    /** The live leases; stale ones are deleted on the way. */
    int live() {
        if (!Files.isDirectory(directory)) return 0;
        int live = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (isLive(file.getFileName().toString())) {
                    live++;
                } else {
                    log.info("Ignoring the lease {} of a process that is gone (killed without closing?)", file.getFileName());
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the leases in " + directory, e);
        }
        return live;
    }

    /** True while the process that took the lease runs: same pid and, where the OS says, same start time. */
    static boolean isLive(String leaseName) {
        String[] parts = leaseName.split("-");
        if (parts.length != 3) return false;
        long pid;
        long started;
        try {
            pid = Long.parseLong(parts[0]);
            started = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || ProcessState.isZombie(pid)) return false;
        Optional<Long> now = startMillis(process.get());
        // A pid reused by a later process shows another start time; without one (not Linux) the pid decides.
        return started == 0 || now.isEmpty() || now.get() == started;
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
