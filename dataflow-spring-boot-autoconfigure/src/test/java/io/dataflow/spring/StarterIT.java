package io.dataflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.crud.CallerTransactions;
import io.dataflow.spring.app.ProductService;
import io.dataflow.spring.app.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter in a running web application on the embedded PostgreSQL, everything from properties. */
@AutoConfigureObservability // metrics export (the Prometheus endpoint) is off in tests unless asked for
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterIT {

    static final String URL = TestDatabases.fresh();

    static {
        TestDatabases.exec(URL, "DROP EXTENSION IF EXISTS pg_stat_statements"); // the endpoint's advice says why there is none
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry p) {
        p.add("spring.datasource.url", () -> URL);
        p.add("spring.datasource.username", TestDatabases::user);
        p.add("dataflow.models[0]", () -> "io.dataflow.spring.app.models");
        p.add("dataflow.schema.sync", () -> "create-missing");
        p.add("dataflow.cache.backend", () -> "memory");
        p.add("dataflow.cache.change-notifications", () -> "true");
        p.add("dataflow.cache.rules[0].pattern", () -> ".*products.*");
        p.add("dataflow.cache.rules[0].ttl", () -> "300");
        p.add("dataflow.cache.rules[0].invalidate-on[0]", () -> "products.*");
        p.add("dataflow.scheduler.tick", () -> "2s");
        p.add("management.endpoints.web.exposure.include", () -> "health,dataflow,prometheus");
        p.add("management.endpoint.health.show-details", () -> "always");
    }

    @Autowired DataFlow db;
    @Autowired DataSource dataSource;
    @Autowired DataFlowProperties properties;
    @Autowired ProductService products;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry registry;
    @Autowired TestRestTemplate http;
    @Autowired CallerTransactions transactions;

    @Test
    void oneDataFlowOnTheApplicationsDataSourceWithItsModels() {
        assertThat(SpringTransactions.target(db.dataSource())).isSameAs(dataSource); // behind DataFlow's tracking wrapper
        assertThat(db.models()).extracting(m -> m.name()).containsExactly("Product");
        assertThat(transactions).isInstanceOf(SpringTransactions.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_name = 'products'", Long.class)).isEqualTo(1);
    }

    @Test
    void propertiesBind() {
        assertThat(properties.getSchema().getSync()).isEqualTo(DataFlowProperties.SyncMode.CREATE_MISSING);
        assertThat(properties.getScheduler().isEnabled()).isTrue();
        assertThat(properties.getScheduler().getTick()).hasSeconds(2);
        assertThat(properties.getCache().getRules()).singleElement().satisfies(r -> {
            assertThat(r.getPattern()).isEqualTo(".*products.*");
            assertThat(r.getTtl()).isEqualTo(300.0);
            assertThat(r.getInvalidateOn()).containsExactly("products.*");
        });
        assertThat(db.cache().enabled()).isTrue();
        assertThat(db.cache().config().changeNotifications()).isTrue();
        assertThat(db.cache().rules()).hasSize(1);
    }

    @Test
    void aRolledBackTransactionLeavesNoRowAndNoCacheEntry() {
        assertThat(products.read(101)).isEmpty(); // cached: "no such row"
        assertThatThrownBy(() -> products.createThenFail(101, "ghost")).hasMessageContaining("boom");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM products WHERE id = 101", Long.class)).isZero();
        // The read inside the transaction saw the uncommitted row; the cache must not have kept it.
        assertThat(products.read(101)).isEmpty();
    }

    @Test
    void executeAndCachedQueriesJoinTheTransactionToo() {
        String count = "SELECT count(*) AS n FROM products WHERE id = :id";
        assertThat(db.query(count, Map.of("id", 201)).rows().get(0).get("n")).isEqualTo(0L); // cached
        assertThatThrownBy(() -> products.executeThenFail(201)).hasMessageContaining("boom");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM products WHERE id = 201", Long.class)).isZero();
        assertThat(db.query(count, Map.of("id", 201)).rows().get(0).get("n")).isEqualTo(0L);
    }

    @Test
    void dataFlowAndJdbcTemplateShareOneTransaction() {
        assertThat(products.createAndCountWithJdbc(102, "shared")).isEqualTo(1);
        assertThat(products.read(102)).hasValueSatisfying(row -> assertThat(row).containsEntry("name", "shared"));
    }

    @Test
    void optimisticConflictsAreSpringsOptimisticLockingFailures() {
        db.repository("Product").create(Map.of("id", 103, "name", "lamp", "price", 20.0));
        products.updateAtVersion(103, 1, 21.0); // now at version 2
        assertThatThrownBy(() -> products.updateAtVersion(103, 1, 22.0))
                .isInstanceOf(OptimisticLockingFailureException.class)
                .isInstanceOf(DataFlowOptimisticLockingFailureException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void writesThroughJdbcTemplateInvalidateTheCache() throws InterruptedException {
        db.repository("Product").create(Map.of("id", 104, "name", "before", "price", 5.0));
        assertThat(products.read(104)).hasValueSatisfying(row -> assertThat(row).containsEntry("name", "before"));
        assertThat(products.read(104)).hasValueSatisfying(row -> assertThat(row).containsEntry("name", "before")); // a hit now
        jdbc.update("UPDATE products SET name = 'after' WHERE id = 104");
        // The trigger's notification arrives after the commit, on the listener's connection: wait for it.
        for (int i = 0; i < 300 && !"after".equals(products.read(104).orElseThrow().get("name")); i++) Thread.sleep(100);
        assertThat(products.read(104).orElseThrow()).containsEntry("name", "after");
    }

    @Test
    void actuatorEndpointAnswersOverHttp() {
        ResponseEntity<Map> response = http.getForEntity("/actuator/dataflow", Map.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).containsKeys("status", "openAlerts", "pool", "cache", "schedulerJobs", "schema");
        assertThat((Map<String, Object>) response.getBody().get("status")).containsEntry("dialect", "postgresql");
        assertThat((Map<String, Object>) response.getBody().get("cache")).containsEntry("enabled", true);
    }

    @Test
    void theEndpointsAdviceSaysWhenPgStatStatementsIsMissing() throws InterruptedException {
        Map<String, Object> advice = Map.of("state", "computing");
        for (int i = 0; i < 300 && "computing".equals(advice.get("state")); i++) {
            advice = (Map<String, Object>) http.getForObject("/actuator/dataflow", Map.class).get("latestAdvice");
            if ("computing".equals(advice.get("state"))) Thread.sleep(100);
        }
        assertThat(advice).containsEntry("state", "unavailable");
        assertThat(String.valueOf(advice.get("note"))).contains("pg_stat_statements is not installed").contains("CREATE EXTENSION pg_stat_statements");
    }

    @Test
    void healthContributesDetails() {
        ResponseEntity<Map> response = http.getForEntity("/actuator/health", Map.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        Map<String, Object> dataflow = (Map<String, Object>) ((Map<String, Object>) response.getBody().get("components")).get("dataflow");
        assertThat(dataflow).containsEntry("status", "UP");
        assertThat((Map<String, Object>) dataflow.get("details")).containsKeys("database", "pool", "cache", "openAlerts", "schemaUpToDate");
    }

    @Test
    void metersInTheApplicationsRegistryAndItsPrometheusScrape() {
        products.read(105);
        assertThat(registry.find("dataflow.cache.available").gauge()).isNotNull();
        assertThat(registry.getMeters()).anySatisfy(m -> assertThat(m.getId().getName()).startsWith("dataflow.cache.").isNotEqualTo("dataflow.cache.available"));
        db.monitor().collect(); // the monitor's meters fill on a collection
        assertThat(registry.find("dataflow.monitor.collections").counter()).isNotNull();
        assertThat(registry.find("dataflow.monitor.collections").counter().count()).isGreaterThanOrEqualTo(1);
        String scrape = http.getForObject("/actuator/prometheus", String.class);
        assertThat(scrape).contains("dataflow_cache_available").contains("dataflow_cache_hits_total").contains("dataflow_monitor_collections_total");
    }
}
