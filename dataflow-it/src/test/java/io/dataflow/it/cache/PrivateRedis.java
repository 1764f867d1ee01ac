package io.dataflow.it.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Redis or a three-master Redis Cluster of the test's own on spare ports (the shared
 * servers are never frozen, stalled or killed), each node reached through a {@link StallProxy}: a
 * Cluster's nodes announce the proxy's port, so the client's every connection goes through one.
 * Faults: freeze (SIGSTOP, then SIGCONT), kill (SIGKILL, then a restart without persistence), stall
 * (the proxies stop forwarding).
 */
final class PrivateRedis implements AutoCloseable {

    private final boolean cluster;
    private final List<Node> nodes = new ArrayList<>();
    private final List<StallProxy> proxies = new ArrayList<>();

    PrivateRedis(boolean cluster) throws Exception {
        this.cluster = cluster;
        int n = cluster ? 3 : 1;
        for (int i = 0; i < n; i++) {
            int port = freePortPair();
            StallProxy proxy = new StallProxy(port);
            proxies.add(proxy);
            nodes.add(new Node(port, proxy.port, cluster));
        }
        for (Node node : nodes) node.start();
        if (cluster) {
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (Node node : nodes) cmd.add("127.0.0.1:" + node.port);
            cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(cmd);
            awaitClusterOk();
        }
    }

    /** The URLs the cache connects to (through the proxies). */
    List<String> urls() {
        return proxies.stream().map(p -> "redis://127.0.0.1:" + p.port).toList();
    }

    boolean cluster() {
        return cluster;
    }

    void freeze() throws Exception {
        for (Node node : nodes) node.signal("STOP");
    }

    void thaw() throws Exception {
        for (Node node : nodes) node.signal("CONT");
    }

    void kill() throws Exception {
        for (Node node : nodes) node.kill();
    }

    void restart() throws Exception {
        for (Node node : nodes) node.start();
        if (cluster) awaitClusterOk();
    }

    void stall() {
        proxies.forEach(StallProxy::stall);
    }

    void resume() {
        proxies.forEach(StallProxy::resume);
    }

    private void awaitClusterOk() throws Exception {
        for (int i = 0; i < 300; i++) {
            boolean ok = true;
            for (Node node : nodes) ok &= run(List.of("redis-cli", "-p", Integer.toString(node.port), "cluster", "info")).contains("cluster_state:ok");
            if (ok) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the test's own Redis Cluster did not reach cluster_state:ok");
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            try {
                node.signal("CONT");
            } catch (Exception ignored) {
                // not running
            }
            node.process.destroyForcibly();
        }
        proxies.forEach(StallProxy::close);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    /** A port whose cluster bus port (+10000) is free too. */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(port) && free(port + 10_000)) return port;
        }
        throw new IOException("no free port pair for a Redis Cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static final class Node {
        final int port;
        final int announced;
        final boolean cluster;
        final Path dir;
        Process process;

        Node(int port, int announced, boolean cluster) throws IOException {
            this.port = port;
            this.announced = announced;
            this.cluster = cluster;
            this.dir = Files.createTempDirectory("dataflow-redis-fault-");
        }

        void start() throws Exception {
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            if (cluster) {
                cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                        "--cluster-announce-ip", "127.0.0.1", "--cluster-announce-port", Integer.toString(announced),
                        "--cluster-announce-bus-port", Integer.toString(port + 10_000)));
            }
            process = new ProcessBuilder(cmd).redirectOutput(dir.resolve("redis.log").toFile()).redirectErrorStream(true).start();
            for (int i = 0; i < 100 && !TestRedis.answers(port); i++) Thread.sleep(50);
            if (!TestRedis.answers(port)) throw new IOException("redis-server did not start on " + port + "; see " + dir.resolve("redis.log"));
        }

        void signal(String signal) throws Exception {
            run(List.of("kill", "-" + signal, Long.toString(process.pid())));
        }

        void kill() throws Exception {
            signal("KILL");
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
