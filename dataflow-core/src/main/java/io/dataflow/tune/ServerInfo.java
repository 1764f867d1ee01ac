package io.dataflow.tune;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server being tuned and the session tuning it.
 *
 * @param version        e.g. {@code 17.6}
 * @param versionNum     e.g. {@code 170006}
 * @param maxConnections max_connections
 * @param dataDirectory  the data directory when this role may see it, else null
 * @param address        the server's address as the session sees it; null over a Unix socket
 * @param onThisMachine  whether the server runs on the machine of this JVM (loopback, socket or a local address)
 * @param superuser      whether the session's role is a superuser
 * @param user           the session's role
 */
record ServerInfo(String version, int versionNum, int maxConnections, String dataDirectory, String address,
                  boolean onThisMachine, boolean superuser, String user) {

    static ServerInfo read(Connection c, PgSettings settings) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT current_setting('server_version'), host(inet_server_addr()), current_setting('is_superuser') = 'on', current_user")) {
            rs.next();
            String address = rs.getString(2);
            return new ServerInfo(rs.getString(1).split(" ")[0], settings.versionNum(), settings.maxConnections(),
                    settings.find("data_directory").map(PgSetting::setting).orElse(null), address, local(address),
                    rs.getBoolean(3), rs.getString(4));
        }
    }

    int majorVersion() {
        return versionNum / 10000;
    }

    private static boolean local(String address) {
        if (address == null) return true; // a Unix socket is always on this machine
        try {
            InetAddress a = InetAddress.getByName(address);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (Exception e) {
            return false;
        }
    }
}
