package io.dataflow.dashboard;

import io.dataflow.DataFlowException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How the dashboard serves.
 *
 * @param host             the address to bind; 127.0.0.1 unless told otherwise
 * @param port             0 picks a free port
 * @param allowActions     whether cancel / terminate / create index / VACUUM / refresh / run-now are offered
 * @param user             basic-auth user (with {@code password}), or null
 * @param password         basic-auth password, or null
 * @param token            a bearer token (header {@code Authorization: Bearer ...} or {@code ?token=} once, then a cookie), or null
 * @param statementTimeout bounds every query a page runs
 * @param collectEvery     how often the monitor collects while the dashboard runs (its history feeds the charts)
 */
public record DashboardOptions(String host, int port, boolean allowActions, String user, String password, String token,
                               Duration statementTimeout, Duration collectEvery) {

    public DashboardOptions {
        if (host == null || host.isBlank()) host = "127.0.0.1";
        if (port < 0 || port > 65535) throw new DataFlowException("dashboard port " + port + " is out of range: give 0-65535 (0 picks a free port)");
        if ((user == null) != (password == null)) throw new DataFlowException("dashboard basic auth needs both a user and a password");
        if (statementTimeout == null) statementTimeout = Duration.ofSeconds(10);
        if (collectEvery == null) collectEvery = Duration.ofSeconds(15);
    }

    public static DashboardOptions defaults() {
        return new DashboardOptions("127.0.0.1", 8080, false, null, null, null, null, null);
    }

    /** Parses "host:port" or a bare port (which binds 127.0.0.1). */
    public DashboardOptions bind(String address) {
        String h = host;
        String p = address;
        int colon = address.lastIndexOf(':');
        if (colon >= 0) {
            h = address.substring(0, colon).replace("[", "").replace("]", "");
            p = address.substring(colon + 1);
        }
        try {
            return new DashboardOptions(h, Integer.parseInt(p), allowActions, user, password, token, statementTimeout, collectEvery);
        } catch (NumberFormatException e) {
            throw new DataFlowException("--bind '" + address + "' is not HOST:PORT or PORT (e.g. 127.0.0.1:8080)");
        }
    }

    public DashboardOptions port(int value) {
        return new DashboardOptions(host, value, allowActions, user, password, token, statementTimeout, collectEvery);
    }

    public DashboardOptions allowActions(boolean value) {
        return new DashboardOptions(host, port, value, user, password, token, statementTimeout, collectEvery);
    }

    public DashboardOptions basicAuth(String u, String p) {
        return new DashboardOptions(host, port, allowActions, u, p, token, statementTimeout, collectEvery);
    }

    public DashboardOptions token(String value) {
        return new DashboardOptions(host, port, allowActions, user, password, value, statementTimeout, collectEvery);
    }

    public DashboardOptions collectEvery(Duration value) {
        return new DashboardOptions(host, port, allowActions, user, password, token, statementTimeout, value);
    }

    public DashboardOptions statementTimeout(Duration value) {
        return new DashboardOptions(host, port, allowActions, user, password, token, value, collectEvery);
    }

    public boolean authenticated() {
        return user != null || token != null;
    }

    /** Safe by default: anything but a loopback address needs credentials. */
    void checkSafe() {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new DataFlowException("cannot resolve the dashboard's bind address '" + host + "': " + e.getMessage());
        }
        if (!loopback && !authenticated()) {
            throw new DataFlowException("refusing to serve the dashboard on " + host + " without credentials: anyone who reaches it would see"
                    + " your queries. Give --user and --password (basic auth) or --token, or bind 127.0.0.1");
        }
    }
}
