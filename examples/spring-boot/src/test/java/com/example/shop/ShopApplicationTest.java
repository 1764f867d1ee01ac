package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.connect.EmbeddedServers;
import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop over HTTP on a throw-away embedded PostgreSQL: REST, a rolled-back order, Actuator and Prometheus. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationTest {

    static final EmbeddedDatabase SERVER = EmbeddedServers.start(EmbeddedSettings.throwAway());

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry p) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER.jdbcUrl("postgres"), SERVER.user(), null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE shop");
        }
        p.add("spring.datasource.url", () -> SERVER.jdbcUrl("shop"));
        p.add("spring.datasource.username", SERVER::user);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Autowired TestRestTemplate http;
    @Autowired JdbcTemplate jdbc;

    @Test
    void restCrudWithCachedReadsAndOptimisticUpdates() {
        Map<?, ?> lamp = http.postForObject("/products", Map.of("name", "lamp", "price", 20.0), Map.class);
        Number id = (Number) lamp.get("id");
        assertThat(http.getForObject("/products/" + id, Map.class)).containsEntry("name", "lamp");
        http.put("/products/" + id + "/price", Map.of("price", 25.0));
        Map<?, ?> after = http.getForObject("/products/" + id, Map.class);
        assertThat(after.get("price")).isEqualTo(25.0);
        assertThat(after.get("version")).isEqualTo(2);
    }

    @Test
    void anOrderForAnUnknownProductIsRolledBack() {
        Map<?, ?> user = http.postForObject("/users", Map.of("name", "Ann", "email", "ann@example.com"), Map.class);
        ResponseEntity<Map> response = http.postForEntity("/orders", Map.of("user_id", user.get("id"), "product_id", 999_999, "total", 10.0), Map.class);
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, ((Number) user.get("id")).longValue())).isZero();
        assertThat(http.getForObject("/users/" + user.get("id") + "/orders", java.util.List.class)).isEmpty();
    }

    @Test
    void theStarterBroughtNoRedisOrS3Client() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName("io.lettuce.core.RedisClient")).isInstanceOf(ClassNotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.services.s3.S3Client")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void actuatorAndPrometheus() {
        http.getForObject("/products/1", String.class);
        assertThat(http.getForEntity("/actuator/dataflow", Map.class).getBody()).containsKeys("status", "pool", "cache", "schedulerJobs");
        Map<?, ?> health = http.getForObject("/actuator/health", Map.class);
        assertThat(((Map<?, ?>) health.get("components")).containsKey("dataflow")).isTrue();
        assertThat(http.getForObject("/actuator/prometheus", String.class)).contains("dataflow_cache_hits_total").contains("hikaricp_connections");
    }
}
