package io.dataflow.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A Prometheus scrape endpoint ({@code GET /metrics}, text format 0.0.4) on the JDK's HTTP server.
 * Bound to 127.0.0.1 unless another address is asked for: metrics name tables, indexes and
 * statements, which is not for every network to read.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private PrometheusEndpoint(HttpServer server) {
        this.server = server;
    }

    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, InetSocketAddress address) {
        try {
            HttpServer server = HttpServer.create(address, 16);
            server.createContext("/metrics", exchange -> {
                try (exchange) {
                    if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                        respond(exchange, 405, "text/plain", "GET /metrics\n");
                        return;
                    }
                    respond(exchange, 200, CONTENT_TYPE, registry.scrape());
                }
            });
            server.createContext("/", exchange -> {
                try (exchange) {
                    respond(exchange, 404, "text/plain", "DataFlow monitor: metrics are at /metrics\n");
                }
            });
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dataflow-prometheus");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new PrometheusEndpoint(server);
        } catch (IOException e) {
            throw new io.dataflow.DataFlowException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code host:port}; a bare port binds 127.0.0.1. */
    public static InetSocketAddress address(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            int port = Integer.parseInt(colon < 0 ? s : s.substring(colon + 1));
            if (port < 0 || port > 65535) throw new NumberFormatException();
            return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not host:port, e.g. 127.0.0.1:9187");
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/metrics";
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService e) e.shutdownNow();
    }
}
