package io.dataflow.it.plan;

import io.dataflow.DataFlow;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the plan tests that run once per server (annotate the subclass with
 * {@code @ParameterizedClass @MethodSource("io.dataflow.it.TestServers#servers")}): each test gets its
 * own copy of the demo data without secondary indexes, and a DataFlow on it.
 */
abstract class DemoCopyTest {

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;

    DemoCopyTest(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void demoCopy() {
        db = DemoFixture.copy(server);
        flow = db.open();
    }

    @AfterEach
    void drop() {
        flow.close();
        db.close();
    }
}
