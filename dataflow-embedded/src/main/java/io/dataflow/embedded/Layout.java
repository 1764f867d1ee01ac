package io.dataflow.embedded;

import io.dataflow.spi.EmbeddedSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where things live. The data directory and the logs beside it; the binaries always come from the shared
 * cache under the default base ({@code ~/.dataflow/embedded}, or {@code /var/lib/dataflow/embedded} as root,
 * because /root is closed to the {@code nobody} account the server then runs as). Without a data directory
 * given, each project has its own server under {@code <base>/projects/<project>-<hash>/}.
 *
 * @param temporaryRoot a directory made for an ephemeral server, removed with it; null otherwise
 */
record Layout(Path dataDirectory, Path logDirectory, Path lockFile, Path binariesBase, Path temporaryRoot) {

    /** Who is using the server, one file per handle, beside the data directory (the server's own files stay its own). */
    Path leaseDirectory() {
        return dataDirectory.resolveSibling("." + dataDirectory.getFileName() + ".leases");
    }

    static final Path ROOT_BASE = Path.of("/var/lib/dataflow/embedded");

    static Path defaultBase(ServerUser user) {
        if (user.isRoot()) return ROOT_BASE;
        Path home = Path.of(System.getProperty("user.home"));
        if (Files.isDirectory(home) && Files.isWritable(home)) return home.resolve(".dataflow").resolve("embedded");
        // Service accounts (nobody, CI users) may have no usable home: keep the cluster per user in the temp dir.
        return Path.of(System.getProperty("java.io.tmpdir"), "dataflow-" + System.getProperty("user.name"), "embedded");
    }

    /** Works out the paths; creates only the temporary directory of an ephemeral server. */
    static Layout resolve(EmbeddedSettings settings, ServerUser user) throws IOException {
        Path base = defaultBase(user);
        Path temporaryRoot = null;
        Path data;
        if (settings.dataDirectory() != null) {
            data = settings.dataDirectory().toAbsolutePath().normalize();
        } else if (settings.ephemeral()) {
            temporaryRoot = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "dataflow-embedded-");
            data = temporaryRoot.resolve("data");
        } else {
            data = base.resolve("projects").resolve(io.dataflow.connect.EmbeddedProject.current().directoryName()).resolve("data");
        }
        Path parent = data.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("The data directory cannot be the file system root");
        }
        return new Layout(data, parent.resolve("logs"), parent.resolve("." + data.getFileName() + ".lock"), base,
                temporaryRoot);
    }

    /**
     * Creates the data and log directories and, as root, gives them to the server account. Returns the layout
     * actually used: an existing log directory that is not the server's own gets a private subdirectory.
     */
    Layout prepare(ServerUser user) throws IOException {
        if (temporaryRoot != null) {
            user.handOver(temporaryRoot);
        }
        Files.createDirectories(dataDirectory.getParent());
        if (!Files.exists(dataDirectory)) {
            Files.createDirectory(dataDirectory);
        }
        if (isEmpty(dataDirectory)) {
            user.handOver(dataDirectory); // before initdb; an initialised one already belongs to the server
        }
        Path logs = logDirectory;
        if (Files.isDirectory(logs) && user.isRoot() && !user.ownsAsServer(logs)) {
            logs = logs.resolve("postgres"); // do not take over someone else's logs directory
        }
        if (!Files.isDirectory(logs)) {
            Files.createDirectories(logs);
            user.handOver(logs);
        }
        user.makeReachable(dataDirectory);
        user.makeReachable(logs);
        return new Layout(dataDirectory, logs, lockFile, binariesBase, temporaryRoot);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
