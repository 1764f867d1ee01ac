package io.dataflow.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Tells whether connections go through a transaction-pooling proxy: on one client connection,
 * autocommit statements that land on different server backends can only mean the backend changes
 * between transactions, so named prepared statements would not survive.
 */
public final class PgBouncerDetector {

    private PgBouncerDetector() {
    }

    public static boolean transactionPooling(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            Set<String> backends = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()::text || '/' || pg_postmaster_start_time()::text")) {
                    rs.next();
                    backends.add(rs.getString(1));
                }
            }
            return backends.size() > 1;
        }
    }
}
