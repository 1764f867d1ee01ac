package io.dataflow.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.state.StateFeature;
import io.dataflow.dashboard.pages.Pages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: server-rendered pages over the typed core, on the JDK's own HTTP server.
 *
 * <pre>{@code
 * try (DashboardServer dashboard = DashboardServer.start(db, DashboardOptions.defaults())) {
 *     System.out.println(dashboard.url());
 * }
 * }</pre>
 * Safe by default: it binds 127.0.0.1, refuses any other address without credentials, offers no
 * action unless allowed, and checks a CSRF token on every POST.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    private static final Map<String, String> STATIC = Map.of(
            "uPlot.iife.min.js", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
            "uPlot.min.css", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css",
            "htmx.min.js", "/META-INF/resources/webjars/htmx.org/2.0.7/dist/htmx.min.js",
            "dashboard.js", "/io/dataflow/dashboard/static/dashboard.js",
            "dashboard.css", "/io/dataflow/dashboard/static/dashboard.css");

    private final Map<String, DashboardDatabase> databases;
    private final DashboardOptions options;
    private final List<Page> pages = Pages.all();
    private final String csrf;
    private final HttpServer http;
    private final ExecutorService workers;
    private final ScheduledExecutorService collector;

    private DashboardServer(Map<String, DashboardDatabase> databases, DashboardOptions options) throws IOException {
        this.databases = databases;
        this.options = options;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 0);
        this.workers = Executors.newFixedThreadPool(4, daemon("dataflow-dashboard-http"));
        this.http.setExecutor(workers);
        this.http.createContext("/", this::handle);
        this.collector = Executors.newSingleThreadScheduledExecutor(daemon("dataflow-dashboard-monitor"));
    }

    /** Serves one database. */
    public static DashboardServer start(DataFlow db, DashboardOptions options) {
        Map<String, DataFlow> one = new LinkedHashMap<>();
        one.put(nameOf(db), db);
        return start(one, options);
    }

    /** Serves several databases, by name, with a switcher. */
    public static DashboardServer start(Map<String, DataFlow> named, DashboardOptions options) {
        if (named.isEmpty()) throw new DataFlowException("the dashboard needs at least one database");
        options.checkSafe();
        Map<String, DashboardDatabase> dbs = new LinkedHashMap<>();
        try {
            for (var e : named.entrySet()) {
                // The dashboard keeps the monitor's history and reads every feature's state: it creates what it reads when the
                // role may. A read-only role (SELECT and pg_read_all_stats) is refused the monitor's tables: then nothing is
                // created, and the pages say that history is not kept and which privilege is missing.
                String refusal = HistoryAccess.refusal(e.getValue());
                if (refusal == null) {
                    for (StateFeature f : StateFeature.values()) e.getValue().state().ensure(f);
                } else {
                    log.warn("dashboard on {}: {}", e.getKey(), refusal);
                }
                if (options.allowActions()) {
                    if (refusal != null) {
                        throw new DataFlowException("--allow-actions on " + e.getKey() + " needs the action log dataflow.dashboard_actions, but " + refusal
                                + ". Start the dashboard without --allow-actions (read-only), or grant the privilege");
                    }
                    new ActionLog(e.getValue()).ensure();
                }
                DashboardDatabase d = new DashboardDatabase(e.getKey(), e.getValue(), options);
                d.historyOff(refusal);
                dbs.put(e.getKey(), d);
            }
            DashboardServer server = new DashboardServer(dbs, options);
            server.http.start();
            long every = options.collectEvery().toMillis();
            server.collector.scheduleWithFixedDelay(server::collectAll, 0, every, TimeUnit.MILLISECONDS);
            log.info("DataFlow dashboard on {}", server.url());
            return server;
        } catch (IOException | RuntimeException e) {
            dbs.values().forEach(DashboardDatabase::close);
            if (e instanceof RuntimeException r) throw r;
            throw new DataFlowException("cannot serve the dashboard on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
    }

    /** A name for the switcher: the database's own name. */
    public static String nameOf(DataFlow db) {
        return db.connectionUrl().map(u -> {
            String jdbc = u.jdbcUrl();
            int q = jdbc.indexOf('?');
            String path = q < 0 ? jdbc : jdbc.substring(0, q);
            return path.substring(path.lastIndexOf('/') + 1);
        }).filter(s -> !s.isBlank()).orElse("database");
    }

    public String url() {
        String host = http.getAddress().getHostString();
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + http.getAddress().getPort() + "/";
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public DashboardOptions options() {
        return options;
    }

    public DashboardDatabase database(String name) {
        return databases.get(name);
    }

    /** The actions taken on a database from the dashboard, newest first. */
    public List<ActionLog.Entry> actions(String database, int limit) {
        return new ActionLog(databases.get(database).app()).recent(limit);
    }

    private void collectAll() {
        for (DashboardDatabase d : databases.values()) {
            try {
                d.collect();
            } catch (RuntimeException e) {
                log.warn("dashboard: monitor collection on {} failed: {}", d.name(), e.getMessage());
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            ex.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
            String user = authenticate(ex);
            if (user == null) return;
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            if (path.startsWith("/static/")) {
                serveStatic(ex, path.substring("/static/".length()));
                return;
            }
            if (path.equals("/favicon.ico")) {
                send(ex, 404, "text/plain", "");
                return;
            }
            Map<String, String> params = Request.parse(uri.getRawQuery(), Request.newParams());
            if ("POST".equals(ex.getRequestMethod())) {
                String body = new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
                Request.parse(body, params);
            }
            Request request = new Request(ex.getRequestMethod(), path, params, ex.getRequestHeaders().containsKey("HX-Request"), user);
            DashboardDatabase db = databases.get(request.param("db", databases.keySet().iterator().next()));
            if (db == null) {
                send(ex, 404, "text/html", Layout.error("No such database", "'" + request.param("db") + "' is not one of " + databases.keySet()));
                return;
            }
            Context ctx = new Context(db, request, options, csrf, databases.size() > 1);
            if (path.startsWith("/action/")) {
                action(ex, ctx, path.substring("/action/".length()));
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain", "pages answer GET; actions are POSTs to /action/...");
                return;
            }
            Page page = path.equals("/") ? pages.get(0) : pages.stream().filter(p -> p.path().equals(path)).findFirst().orElse(null);
            if (page == null) {
                send(ex, 404, "text/html", Layout.error("Not found", path + " is not a page of the dashboard"));
                return;
            }
            Html content = new Html();
            int status = 200;
            try {
                page.render(ctx, content);
            } catch (RuntimeException e) {
                status = 500;
                content = new Html().h2(page.title()).note("This page could not be read: " + e.getMessage());
                log.warn("dashboard page {} failed", path, e);
            }
            send(ex, status, "text/html", request.partial() ? content.toString()
                    : Layout.page(ctx, pages, page, new ArrayList<>(databases.keySet()), content.toString()));
        } catch (RuntimeException e) {
            log.warn("dashboard request failed", e);
        }
    }

    private void action(HttpExchange ex, Context ctx, String action) throws IOException {
        Request r = ctx.request();
        if (!"POST".equals(r.method())) {
            send(ex, 405, "text/html", Layout.error("Actions are POSTs", "an action is sent by its button's form, never by a link"));
            return;
        }
        if (!options.allowActions()) {
            send(ex, 403, "text/html", Layout.error("Actions are off",
                    "this dashboard is read-only; start it with --allow-actions (DashboardOptions.allowActions(true)) to offer actions"));
            return;
        }
        String token = r.param("csrf");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), csrf.getBytes(StandardCharsets.UTF_8))) {
            send(ex, 403, "text/html", Layout.error("Refused: missing or wrong CSRF token", "send actions from the dashboard's own buttons"));
            return;
        }
        ActionLog logBook = new ActionLog(ctx.database().app());
        Actions.Outcome outcome;
        try {
            outcome = Actions.run(action, ctx.database(), r);
        } catch (RuntimeException e) {
            outcome = new Actions.Outcome(false, String.valueOf(r.params().getOrDefault("pid", r.params().getOrDefault("table", ""))), e.getMessage());
        }
        logBook.record(r.user(), ctx.database().name(), action, outcome.target(), outcome.ok(), outcome.message());
        Html h = new Html().h2((outcome.ok() ? "Done: " : "Failed: ") + action + " " + outcome.target());
        h.raw("<p id=\"action-result\" class=\"").raw(outcome.ok() ? "ok" : "critical").raw("\">").text(outcome.message()).raw("</p>");
        h.raw("<p>").link(ctx.href("/alerts"), "see the action log on the Alerts page").raw("</p>");
        send(ex, outcome.ok() ? 200 : 500, "text/html", Layout.page(ctx, pages, pages.get(0), new ArrayList<>(databases.keySet()), h.toString()));
    }

    /** Basic auth or a token when configured; returns who is asking, or null after answering 401. */
    private String authenticate(HttpExchange ex) throws IOException {
        if (!options.authenticated()) return "local " + ex.getRemoteAddress().getAddress().getHostAddress();
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (options.token() != null) {
            String given = null;
            if (header != null && header.startsWith("Bearer ")) given = header.substring(7).trim();
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            if (given == null && cookie != null) {
                for (String part : cookie.split(";")) {
                    String p = part.trim();
                    if (p.startsWith("dataflow_token=")) given = p.substring("dataflow_token=".length());
                }
            }
            String query = ex.getRequestURI().getRawQuery();
            if (given == null && query != null) given = Request.parse(query, Request.newParams()).get("token");
            if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), options.token().getBytes(StandardCharsets.UTF_8))) {
                ex.getResponseHeaders().add("Set-Cookie", "dataflow_token=" + options.token() + "; HttpOnly; SameSite=Strict; Path=/");
                return "token";
            }
        }
        if (options.user() != null && header != null && header.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            String expected = options.user() + ":" + options.password();
            if (MessageDigest.isEqual(decoded.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) return options.user();
        }
        if (options.user() != null) ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"DataFlow dashboard\", charset=\"UTF-8\"");
        send(ex, 401, "text/plain", "credentials required");
        return null;
    }

    private void serveStatic(HttpExchange ex, String name) throws IOException {
        String resource = STATIC.get(name);
        InputStream in = resource == null ? null : DashboardServer.class.getResourceAsStream(resource);
        if (in == null) {
            send(ex, 404, "text/plain", "no such file");
            return;
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
        send(ex, 200, name.endsWith(".js") ? "text/javascript" : "text/css", body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        collector.shutdownNow();
        http.stop(0);
        workers.shutdownNow();
        databases.values().forEach(DashboardDatabase::close);
    }
}
