package io.dataflow.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.cache.CacheRule;
import io.dataflow.cache.QueryResult;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two databases with different rows under the same table and query, one cache server and the default
 * namespace (staging and production on one Redis, a database per tenant): each reads its own rows, and
 * a write in one invalidates only its own entries. Standalone Redis, Redis Cluster, each with and without
 * the in-process tier, and the in-process backend.
 */
class CacheDatabasesIT {

    private static final String SQL = "SELECT name FROM products WHERE id = 1";

    private TestDatabase app;
    private TestDatabase app2;

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of(CacheBackend.MEMORY, false), Arguments.of(CacheBackend.REDIS, false),
                Arguments.of(CacheBackend.REDIS, true), Arguments.of(CacheBackend.REDIS_CLUSTER, false),
                Arguments.of(CacheBackend.REDIS_CLUSTER, true));
    }

    @BeforeEach
    void twoDatabases() {
        app = TestServers.embedded().freshDatabase();
        app2 = TestServers.embedded().freshDatabase();
        app.execute("CREATE TABLE products (id int PRIMARY KEY, name text); INSERT INTO products VALUES (1, 'row of app')");
        app2.execute("CREATE TABLE products (id int PRIMARY KEY, name text); INSERT INTO products VALUES (1, 'row of app2')");
    }

    @AfterEach
    void drop() {
        app.close();
        app2.close();
    }

    private static DataFlow open(String url, CacheBackend backend, boolean localTier) {
        Map<String, Object> config = new HashMap<>(backend.config(localTier ? Map.of("local_tier", true) : Map.of()));
        config.remove("namespace"); // the default one, dataflow:queries, as two applications would leave it
        DataFlow flow = DataFlow.configure().url(url).pool(1, 2, 10).cache(config).open();
        flow.cache().rules(CacheRule.parseAll(List.of(Map.of("pattern", "SELECT.*FROM products.*", "ttl", 600)), "test"));
        return flow;
    }

    private static Object name(QueryResult r) {
        return r.rows().get(0).get("name");
    }

    @ParameterizedTest(name = "{0}, in-process tier {1}")
    @MethodSource("backends")
    void eachDatabaseReadsItsOwnRowsAndAWriteInvalidatesOnlyItsOwn(CacheBackend backend, boolean localTier) {
        try (DataFlow a = open(app.url(), backend, localTier); DataFlow b = open(app2.url(), backend, localTier)) {
            assertThat(a.cache().config().namespace()).isEqualTo("dataflow:queries");
            assertThat(name(a.query(SQL))).isEqualTo("row of app");
            assertThat(a.query(SQL).cached()).isTrue();

            QueryResult first = b.query(SQL);
            assertThat(first.cached()).as("app's entry is not app2's").isFalse();
            assertThat(name(first)).isEqualTo("row of app2");
            QueryResult again = b.query(SQL);
            assertThat(again.cached()).isTrue();
            assertThat(name(again)).isEqualTo("row of app2");
            assertThat(a.cache().keyOf(SQL, Map.of())).isNotEqualTo(b.cache().keyOf(SQL, Map.of()));
            assertThat(a.cache().keyOf(SQL, Map.of()).orElseThrow()).startsWith("dataflow:queries:" + a.cache().identity().scope() + ":q:");

            a.execute("UPDATE products SET name = 'changed in app' WHERE id = 1");
            QueryResult kept = b.query(SQL);
            assertThat(kept.cached()).as("a write to app leaves app2's entry").isTrue();
            assertThat(name(kept)).isEqualTo("row of app2");
            QueryResult fresh = a.query(SQL);
            assertThat(fresh.cached()).isFalse();
            assertThat(name(fresh)).isEqualTo("changed in app");

            // The generation counters are per database too.
            assertThat(a.cache().overview().counters()).containsEntry("products.*", 1L);
            assertThat(b.cache().overview().counters()).doesNotContainKey("products.*");
            b.execute("UPDATE products SET name = 'changed in app2' WHERE id = 1");
            assertThat(name(b.query(SQL))).isEqualTo("changed in app2");
            assertThat(a.query(SQL).cached()).as("and a write to app2 leaves app's entry").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}, in-process tier {1}")
    @MethodSource("backends")
    void oneDatabaseWithTwoSearchPathsKeepsTwoSetsOfEntries(CacheBackend backend, boolean localTier) {
        app.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b;"
                + " CREATE TABLE tenant_a.products (id int PRIMARY KEY, name text); INSERT INTO tenant_a.products VALUES (1, 'tenant a');"
                + " CREATE TABLE tenant_b.products (id int PRIMARY KEY, name text); INSERT INTO tenant_b.products VALUES (1, 'tenant b')");
        try (DataFlow a = open(app.url() + "&currentSchema=tenant_a", backend, localTier);
             DataFlow b = open(app.url() + "&currentSchema=tenant_b", backend, localTier)) {
            assertThat(name(a.query(SQL))).isEqualTo("tenant a");
            assertThat(a.query(SQL).cached()).isTrue();
            QueryResult other = b.query(SQL);
            assertThat(other.cached()).isFalse();
            assertThat(name(other)).isEqualTo("tenant b");
            assertThat(a.cache().identity().searchPath()).isEqualTo("tenant_a");
        }
    }

    /**
     * The same database name on two servers (the embedded one and DATAFLOW_TEST_URL's): the server's
     * system_identifier tells them apart. Runs when DATAFLOW_TEST_URL is set.
     */
    @ParameterizedTest(name = "{0}, in-process tier {1}")
    @MethodSource("backends")
    void twoServersWithADatabaseOfTheSameNameKeepTheirOwnEntries(CacheBackend backend, boolean localTier) throws Exception {
        List<TestServers.Server> servers = TestServers.servers();
        org.junit.jupiter.api.Assumptions.assumeTrue(servers.size() > 1, "needs a second server: set DATAFLOW_TEST_URL");
        String name = "t_same_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<String> urls = new java.util.ArrayList<>();
        for (TestServers.Server s : servers.subList(0, 2)) {
            admin(s, "CREATE DATABASE " + name);
            String base = s.adminJdbcUrl().substring(0, s.adminJdbcUrl().lastIndexOf('/') + 1) + name;
            String url = base + "?user=" + s.user() + (s.password() == null ? "" : "&password=" + s.password());
            urls.add(url);
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE products (id int PRIMARY KEY, name text); INSERT INTO products VALUES (1, 'row of " + s + "')");
            }
        }
        try (DataFlow a = open(urls.get(0), backend, localTier); DataFlow b = open(urls.get(1), backend, localTier)) {
            assertThat(a.cache().identity().database()).isEqualTo(b.cache().identity().database());
            assertThat(a.cache().identity().server()).isNotEqualTo(b.cache().identity().server());
            assertThat(name(a.query(SQL))).isEqualTo("row of " + servers.get(0));
            assertThat(a.query(SQL).cached()).isTrue();
            QueryResult other = b.query(SQL);
            assertThat(other.cached()).isFalse();
            assertThat(name(other)).isEqualTo("row of " + servers.get(1));
        } finally {
            for (TestServers.Server s : servers.subList(0, 2)) admin(s, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void admin(TestServers.Server s, String sql) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(s.adminJdbcUrl(), s.user(), s.password());
             java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
