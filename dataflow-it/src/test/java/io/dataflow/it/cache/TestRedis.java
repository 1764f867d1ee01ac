package io.dataflow.it.cache;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis servers the cache tests use: the shared one on 127.0.0.1:6379 and the three-master
 * cluster on 7379-7381 (both started by .ci/services.sh, or here through the same script when they
 * are not running), and throw-away servers a test may stop and restart.
 */
final class TestRedis {

    static final String STANDALONE = "redis://127.0.0.1:6379";
    static final List<String> CLUSTER = List.of("redis://127.0.0.1:7379", "redis://127.0.0.1:7380", "redis://127.0.0.1:7381");

    private TestRedis() {
    }

    static synchronized String standalone() {
        if (!answers(6379)) services("start_redis");
        return STANDALONE;
    }

    static synchronized List<String> cluster() {
        if (!clusterOk()) services("start_redis_cluster");
        if (!clusterOk()) throw new IllegalStateException("the Redis Cluster on 127.0.0.1:7379-7381 is not ok; see /tmp/dataflow-redis-cluster");
        return CLUSTER;
    }

    private static boolean clusterOk() {
        try {
            Process p = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", "7379", "cluster", "info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(5, TimeUnit.SECONDS);
            return out.contains("cluster_state:ok");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a function of .ci/services.sh (installs and starts what is missing). */
    private static void services(String function) {
        File root = new File("..").getAbsoluteFile();
        try {
            Process p = new ProcessBuilder("bash", "-c", "source .ci/services.sh && " + function).directory(root).inheritIO().start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run .ci/services.sh " + function + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean answers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A Redis of the test's own on a spare port, which it may stop and start again (the shared ones are never stopped). */
    static final class Own implements AutoCloseable {
        final int port;
        private final Path dir;
        private Process process;

        Own() throws IOException {
            this.port = freePort();
            this.dir = Files.createTempDirectory("dataflow-redis-");
            start();
        }

        String url() {
            return "redis://127.0.0.1:" + port;
        }

        void start() throws IOException {
            process = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "",
                    "--appendonly", "no", "--enable-debug-command", "local", "--dir", dir.toString())
                    .redirectOutput(dir.resolve("redis.log").toFile()).redirectErrorStream(true).start();
            for (int i = 0; i < 100 && !answers(port); i++) sleep(50);
            if (!answers(port)) throw new IOException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 100 && answers(port); i++) sleep(50);
        }

        /** Makes the server unresponsive for {@code seconds} (DEBUG SLEEP), in the background. */
        Process freeze(double seconds) throws IOException {
            return new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "debug", "sleep", Double.toString(seconds)).start();
        }

        @Override
        public void close() {
            stop();
        }

        private static int freePort() throws IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
