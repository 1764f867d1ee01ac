package io.dataflow.embedded;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits until the server accepts a JDBC connection (pg_ctl -w only waits for the postmaster's "ready" mark). */
final class JdbcReadiness {

    private static final Logger log = LoggerFactory.getLogger(JdbcReadiness.class);

    private JdbcReadiness() {
    }

    /** Returns normally once connected; throws with the last error when the time is up. */
    static void await(String url, String user, Duration timeout) {
        if (!driverAvailable(url)) {
            log.debug("No JDBC driver for {} on the classpath; relying on pg_ctl -w", url);
            return;
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last;
        do {
            try (Connection ignored = DriverManager.getConnection(url, props)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("PostgreSQL at " + url + " did not accept connections within "
                + timeout.toSeconds() + " s: " + last.getMessage(), last);
    }

    private static boolean driverAvailable(String url) {
        try {
            Class.forName("org.postgresql.Driver"); // registers itself; DriverManager may not have scanned our loader
        } catch (ClassNotFoundException e) {
            // Another driver may still accept the URL.
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            try {
                if (driver.acceptsURL(url)) {
                    return true;
                }
            } catch (SQLException ignored) {
                // Not this one.
            }
        }
        return false;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
        }
    }
}
