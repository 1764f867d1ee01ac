package io.dataflow.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.cache.CacheRule;
import io.dataflow.it.Cli;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code ./dataflow cache status|invalidate} against the Redis an application's cache lives in (standalone and Cluster). */
class CacheCliIT {

    TestDatabase db;

    @BeforeEach
    void freshDatabase() {
        db = TestServers.embedded().freshDatabase();
        db.execute("CREATE TABLE products (id int PRIMARY KEY, price numeric); INSERT INTO products VALUES (1, 10)");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @ParameterizedTest
    @EnumSource(value = CacheBackend.class, names = {"REDIS", "REDIS_CLUSTER"})
    void statusShowsEntriesAndCountersAndInvalidateDropsWhatDependsOnTheTable(CacheBackend backend) {
        Map<String, Object> config = backend.config(Map.of());
        String namespace = (String) config.get("namespace");
        List<String> redis = new ArrayList<>();
        for (Object u : config.get("redis_url") instanceof List<?> l ? l : List.of(config.get("redis_url"))) {
            redis.add("--redis");
            redis.add(String.valueOf(u));
        }
        redis.add("--url");
        redis.add(db.url());
        try (TestDatabase other = TestServers.embedded().freshDatabase();
             DataFlow app = DataFlow.configure().url(db.url()).pool(1, 2, 10).cache(config).open()) {
            other.execute("CREATE TABLE products (id int PRIMARY KEY, price numeric); INSERT INTO products VALUES (1, 20)");
            // Another database's application on the same Redis and namespace: the CLI must leave its keys alone.
            DataFlow app2 = DataFlow.configure().url(other.url()).pool(1, 2, 10).cache(config).open();
            app2.cache().rules(CacheRule.parseAll(List.of(Map.of("pattern", "SELECT.*FROM products.*", "ttl", 3600,
                    "invalidate_on", List.of("products.update"))), "test"));
            // invalidate_on names one operation: the CLI must drop such entries too, not only products.*
            app.cache().rules(CacheRule.parseAll(List.of(Map.of("pattern", "SELECT.*FROM products.*", "ttl", 3600,
                    "invalidate_on", List.of("products.update"))), "test"));
            String sql = "SELECT price FROM products WHERE id = 1";
            app.query(sql);
            assertThat(app.query(sql).cached()).isTrue();
            app.execute("UPDATE products SET price = 11 WHERE id = 1");
            app.query(sql);
            app2.query(sql);
            assertThat(app2.query(sql).cached()).isTrue();

            Cli.Run status = Cli.run(args("cache", "status", "--namespace", namespace, redis));
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("namespace " + namespace + ", database " + db.name())
                    .contains("keys " + namespace + ":" + app.cache().identity().scope() + ":*): 1 entry")
                    .contains("products.update").contains("generation 1");

            Cli.Run invalidate = Cli.run(args("cache", "invalidate", "products", "--namespace", namespace, redis));
            assertThat(invalidate.exit()).as(invalidate.err()).isZero();
            assertThat(invalidate.out()).contains("invalidated every entry of database " + db.name()).contains("that depends on products");
            assertThat(app.query(sql).cached()).as("the application's entry was dropped").isFalse();
            assertThat(app2.query(sql).cached()).as("the other database's entry was not").isTrue();
            app2.close();
            assertThat(Cli.run(args("cache", "status", "--namespace", namespace, redis)).out()).contains("generation 2");
        }
    }

    @Test
    void withoutRedisOrTablesItSaysWhatIsMissing() {
        assertThat(Cli.run("cache", "invalidate", "--redis", TestRedis.standalone()).err()).contains("needs at least one TABLE");
        assertThat(Cli.run("cache", "flush", "--redis", TestRedis.standalone()).err()).contains("unknown action 'flush'");
        Cli.Run down = Cli.run("cache", "status", "--redis", "redis://127.0.0.1:1", "--url", db.url());
        assertThat(down.exit()).isNotZero();
        assertThat(down.err()).contains("did not answer");
    }

    private static String[] args(String command, String action, String option, String value, List<String> redis) {
        List<String> all = new ArrayList<>(List.of(command, action, option, value));
        all.addAll(redis);
        return all.toArray(String[]::new);
    }

    private static String[] args(String command, String action, String table, String option, String value, List<String> redis) {
        List<String> all = new ArrayList<>(List.of(command, action, table, option, value));
        all.addAll(redis);
        return all.toArray(String[]::new);
    }
}
