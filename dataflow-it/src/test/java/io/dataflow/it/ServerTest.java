package io.dataflow.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that run once per test server (annotate the subclass with
 * {@code @ParameterizedClass @MethodSource("io.dataflow.it.TestServers#servers")}): each test gets a
 * fresh database, dropped afterwards.
 */
public abstract class ServerTest {

    protected final TestServers.Server server;
    protected TestDatabase db;

    protected ServerTest(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void freshDatabase() {
        db = server.freshDatabase();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }
}
