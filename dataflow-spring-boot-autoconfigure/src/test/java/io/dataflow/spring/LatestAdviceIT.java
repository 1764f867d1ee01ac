package io.dataflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.spring.app.TestApplication;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The endpoint's latest index advice on a database with pg_stat_statements and a workload that wants an index. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LatestAdviceIT {

    static final String URL = TestDatabases.fresh();

    static {
        TestDatabases.exec(URL, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        TestDatabases.exec(URL, "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric NOT NULL)");
        TestDatabases.exec(URL, "INSERT INTO orders SELECT g, g % 5000, g % 97 FROM generate_series(1, 100000) g");
        TestDatabases.exec(URL, "ANALYZE orders");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry p) {
        p.add("spring.datasource.url", () -> URL);
        p.add("spring.datasource.username", TestDatabases::user);
        p.add("dataflow.models[0]", () -> "io.dataflow.spring.app.models");
        p.add("dataflow.schema.sync", () -> "create-missing");
        p.add("dataflow.scheduler.enabled", () -> "false");
        p.add("dataflow.advice.wait", () -> "0s"); // never wait: the first request must answer before the advisor finished
        p.add("dataflow.advice.interval", () -> "1h");
        p.add("management.endpoints.web.exposure.include", () -> "dataflow");
    }

    @Autowired TestRestTemplate http;
    @Autowired JdbcTemplate jdbc;

    @Test
    void advisesAnIndexForTheTopStatementsWithoutHoldingTheEndpoint() throws InterruptedException {
        for (int i = 0; i < 50; i++) jdbc.queryForList("SELECT id, total FROM orders WHERE customer_id = ?", i);

        Map<String, Object> first = advice();
        assertThat(first).containsEntry("state", "computing");
        assertThat(String.valueOf(first.get("note"))).contains("background");

        Map<String, Object> ready = first;
        for (int i = 0; i < 600 && "computing".equals(ready.get("state")); i++) {
            Thread.sleep(100);
            ready = advice();
        }
        assertThat(ready).containsEntry("state", "ready");
        assertThat(String.valueOf(ready.get("source"))).contains("pg_stat_statements");
        List<Map<String, Object>> indexes = (List<Map<String, Object>>) ready.get("indexes");
        assertThat(indexes).anySatisfy(index -> {
            assertThat(index).containsEntry("table", "orders");
            assertThat((List<String>) index.get("columns")).startsWith("customer_id");
            assertThat(String.valueOf(index.get("sql"))).startsWithIgnoringCase("CREATE INDEX");
        });
        // Cached for the interval: the next request shows the same computation.
        assertThat(advice()).containsEntry("computedAt", ready.get("computedAt"));
    }

    private Map<String, Object> advice() {
        Map<String, Object> body = http.getForObject("/actuator/dataflow", Map.class);
        return (Map<String, Object>) body.get("latestAdvice");
    }
}
