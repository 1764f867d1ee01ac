package io.dataflow.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.cache.QueryResult;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.WorkflowBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several application instances sharing one Redis (standalone and cluster): each sees the others'
 * invalidations, also through an in-process tier (pub/sub); and writes made outside DataFlow reach
 * the cache through triggers and LISTEN/NOTIFY.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.cache.CacheBackend#sharing")
class CacheSharingIT extends ServerTest {

    private final CacheBackend backend;
    private final String namespace = "dftest:shared:" + UUID.randomUUID().toString().substring(0, 8);

    CacheSharingIT(TestServers.Server server, CacheBackend backend) {
        super(server);
        this.backend = backend;
    }

    private DataFlow instance(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(backend.config(extra));
        config.put("namespace", namespace);
        DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).cache(config).open();
        WorkflowBuilder w = flow.workflow();
        w.addNode("SmartCacheNode", "cache", Map.of("rules", List.of(
                Map.of("pattern", "SELECT.*FROM products.*", "ttl", 3600, "invalidate_on", List.of("products.update", "products.delete")))));
        Results r = flow.runtime().execute(w.build());
        assertThat(r.ok()).as(r.toString()).isTrue();
        return flow;
    }

    private void products() {
        db.execute("CREATE TABLE products (id int PRIMARY KEY, price numeric); INSERT INTO products VALUES (1, 10)");
    }

    private static Object price(DataFlow flow) {
        return flow.query("SELECT price FROM products WHERE id = 1").rows().get(0).get("price");
    }

    @Test
    void anInstanceSeesAnotherInstancesWrites() {
        products();
        try (DataFlow a = instance(Map.of()); DataFlow b = instance(Map.of())) {
            price(a);
            assertThat(b.query("SELECT price FROM products WHERE id = 1").cached()).as("b hits what a stored").isTrue();
            b.execute("UPDATE products SET price = 11 WHERE id = 1");
            QueryResult fresh = a.query("SELECT price FROM products WHERE id = 1");
            assertThat(fresh.cached()).isFalse();
            assertThat(fresh.rows().get(0).get("price")).isEqualTo(new java.math.BigDecimal("11"));
        }
    }

    @Test
    void theInProcessTierIsInvalidatedThroughPubSub() throws Exception {
        products();
        try (DataFlow a = instance(Map.of("local_tier", true)); DataFlow b = instance(Map.of("local_tier", true))) {
            price(a);
            price(a); // now in a's in-process tier
            b.execute("UPDATE products SET price = 12 WHERE id = 1");
            assertThat(eventually(() -> price(a), new java.math.BigDecimal("12"))).isTrue();
            // b's own write drops b's tier at once, without waiting for a message
            price(b);
            b.execute("UPDATE products SET price = 13 WHERE id = 1");
            assertThat(price(b)).isEqualTo(new java.math.BigDecimal("13"));
        }
    }

    @Test
    void writesOutsideDataFlowInvalidateThroughNotifications() throws Exception {
        products();
        try (DataFlow a = instance(Map.of("change_notifications", true))) {
            assertThat(db.value("SELECT count(*) FROM pg_trigger WHERE tgname = 'dataflow_cache_notify'")).isEqualTo("1");
            price(a);
            assertThat(a.query("SELECT price FROM products WHERE id = 1").cached()).isTrue();
            db.execute("UPDATE products SET price = 14 WHERE id = 1"); // psql-like: not through DataFlow
            assertThat(eventually(() -> price(a), new java.math.BigDecimal("14"))).isTrue();
        }
    }

    /** Polls up to 10 s (a pub/sub message or a notification is delivered after the commit). */
    private static boolean eventually(Supplier<Object> read, Object expected) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (expected.equals(read.get())) return true;
            Thread.sleep(50);
        }
        return false;
    }
}
