package io.dataflow.spring;

import io.dataflow.DataFlow;
import io.dataflow.dashboard.DashboardOptions;
import io.dataflow.dashboard.DashboardServer;
import org.springframework.context.SmartLifecycle;

/**
 * The web dashboard ({@code dataflow.dashboard.enabled=true}), started and stopped with the application.
 * It serves on its own port ({@code dataflow.dashboard.bind}), not under the application's server: the
 * dashboard's pages link from the root of their server and run on the JDK's HTTP server.
 */
public class DataFlowDashboard implements SmartLifecycle {

    private final DataFlow db;
    private final DashboardOptions options;
    private volatile DashboardServer server;

    DataFlowDashboard(DataFlow db, DashboardOptions options) {
        this.db = db;
        this.options = options;
    }

    /** Reads {@code dataflow.dashboard.*}; bad values fail startup naming the property. */
    static DashboardOptions options(DataFlowProperties.Dashboard p) {
        DashboardOptions o;
        try {
            o = DashboardOptions.defaults().bind(p.getBind());
        } catch (RuntimeException e) {
            throw new IllegalStateException("dataflow.dashboard.bind: '" + p.getBind() + "' is not HOST:PORT or PORT (e.g. 127.0.0.1:8081; 0 picks a free port)", e);
        }
        o = o.allowActions(p.isAllowActions());
        if (p.getUser() != null || p.getPassword() != null) {
            if (p.getUser() == null || p.getPassword() == null) {
                throw new IllegalStateException("dataflow.dashboard.user and dataflow.dashboard.password: give both for basic auth, or neither");
            }
            o = o.basicAuth(p.getUser(), p.getPassword());
        }
        if (p.getToken() != null) o = o.token(p.getToken());
        return o;
    }

    @Override
    public synchronized void start() {
        if (server == null) server = DashboardServer.start(db, options); // refuses a non-loopback bind without credentials
    }

    @Override
    public synchronized void stop() {
        if (server != null) server.close();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The dashboard's address (http://host:port/) while it runs, else null. */
    public String url() {
        DashboardServer s = server;
        return s == null ? null : s.url();
    }
}
