package io.dataflow.it.partition;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The S3-compatible server of the archive tests (npm package s3rver) on 127.0.0.1:4568 with bucket
 * 'archive'. .ci/services.sh starts it; when nothing answers, this starts the same command
 * (installing s3rver with npm when missing) and stops it when the JVM exits.
 */
final class S3rver {

    static final String ENDPOINT = "http://127.0.0.1:4568";
    static final String KEY = "S3RVER";
    static final String SECRET = "S3RVER";
    private static final String VERSION = "3.7.1";
    private static boolean ready;

    private S3rver() {
    }

    static synchronized void ensureRunning() throws Exception {
        if (ready || answers()) {
            ready = true;
            return;
        }
        if (!onPath("s3rver")) {
            if (!onPath("npm")) throw new IllegalStateException("s3rver is not running on 127.0.0.1:4568 and npm is missing: run .ci/services.sh (start_s3rver)");
            run(List.of("npm", "install", "-g", "--silent", "s3rver@" + VERSION));
        }
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "dataflow-s3rver-it", "data"));
        Process p = new ProcessBuilder("s3rver", "-d", dir.toString(), "-a", "127.0.0.1", "-p", "4568", "-s", "--configure-bucket", "archive")
                .redirectErrorStream(true).redirectOutput(dir.resolveSibling("s3rver.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        for (int i = 0; i < 80 && !answers(); i++) Thread.sleep(250);
        if (!answers()) throw new IllegalStateException("s3rver did not start; see " + dir.resolveSibling("s3rver.log"));
        ready = true;
    }

    private static boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 4568), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String command) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed");
    }
}
