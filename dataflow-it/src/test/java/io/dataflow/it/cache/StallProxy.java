package io.dataflow.it.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a Redis of the test's own that can stop forwarding (a network stall: the
 * connection stays open, bytes are held until it forwards again).
 */
final class StallProxy implements AutoCloseable {

    final int port;
    private final int target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile boolean stalled;
    private volatile boolean closed;

    StallProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        Thread accept = new Thread(this::accept, "stall-proxy-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    void stall() {
        stalled = true;
    }

    void resume() {
        synchronized (lock) {
            stalled = false;
            lock.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (lock) {
                        while (stalled && !closed) lock.wait(50);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "stall-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        sockets.forEach(StallProxy::closeQuietly);
    }
}
