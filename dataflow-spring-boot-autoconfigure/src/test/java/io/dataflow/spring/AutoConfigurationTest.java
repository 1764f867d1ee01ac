package io.dataflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.model.schema.SchemaStep;
import io.dataflow.schedule.Job;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in plain application contexts on the embedded PostgreSQL. */
class AutoConfigurationTest {

    private static ApplicationContextRunner runner(String url, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                        DataFlowAutoConfiguration.class, HealthContributorAutoConfiguration.class, DataFlowActuatorAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + TestDatabases.user(),
                        "dataflow.models[0]=io.dataflow.spring.app.models")
                .withPropertyValues(properties);
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnDataFlow() {
        String url = TestDatabases.fresh();
        try (DataFlow own = DataFlow.open(url.replace("jdbc:postgresql://", "postgresql://" + TestDatabases.user() + "@"))) {
            runner(url).withBean("myDataFlow", DataFlow.class, () -> own).run(context -> {
                assertThat(context).hasSingleBean(DataFlow.class);
                assertThat(context.getBean(DataFlow.class)).isSameAs(own);
            });
        }
    }

    @Test
    void aMisspelledKeyFailsStartupNamingItAndTheAcceptedKeys() {
        runner(TestDatabases.fresh(), "dataflow.shema.sync=validate").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("dataflow.shema.sync").contains("did you mean")
                    .contains("dataflow.schema").contains("dataflow.scheduler").contains("dataflow.cache");
        });
        runner(TestDatabases.fresh(), "dataflow.scheduler.enabeld=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("dataflow.scheduler.enabeld").contains("dataflow.scheduler.enabled");
        });
        runner(TestDatabases.fresh(), "dataflow.cache.rules[0].patern=.*").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("dataflow.cache.rules[0].patern").contains("dataflow.cache.rules[].pattern");
        });
    }

    @Test
    void dataflowNamesFromTheProcessAreNotConfigurationKeys() {
        // DATAFLOW_TEST_URL, DATAFLOW_EMBEDDED_DIR, the launcher's -Ddataflow.stderr.terminal relax-bind to dataflow.*:
        // only the application's own configuration is checked
        runner(TestDatabases.fresh()).withSystemProperties("dataflow.stderr.terminal=false", "dataflow.test.url=postgresql://elsewhere/db")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aWrongValueFailsStartupNamingThePropertyAndTheAcceptedValues() {
        runner(TestDatabases.fresh(), "dataflow.cache.backend=memcached").run(context -> {
            assertThat(context).hasFailed();
            assertThat(causes(context.getStartupFailure())).contains("dataflow.cache").contains("backend").contains("memcached").contains("redis, memory");
        });
        runner(TestDatabases.fresh(), "dataflow.schema.sync=drop-everything").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("dataflow.schema.sync").contains("drop-everything")
                    .contains("validate, create-missing, none");
        });
    }

    @Test
    void validateReportsDriftAndChangesNothing() {
        String url = TestDatabases.fresh();
        TestDatabases.exec(url, "CREATE TABLE products (id bigint PRIMARY KEY, name text)");
        runner(url, "dataflow.schema.sync=validate").run(context -> {
            assertThat(context).hasNotFailed();
            SchemaCheck check = context.getBean(SchemaCheck.class);
            assertThat(check.mode()).isEqualTo(DataFlowProperties.SyncMode.VALIDATE);
            assertThat(check.pending()).anySatisfy(s -> {
                assertThat(s.kind()).isEqualTo(SchemaStep.Kind.ADD_COLUMN);
                assertThat(s.object()).contains("price");
            });
            assertThat(check.applied()).isEmpty();
            assertThat(context.getBean(DataFlowHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
        assertThat(TestDatabases.count(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'products'")).isEqualTo(2);
        runner(url, "dataflow.health.down-on-schema-drift=true").run(context ->
                assertThat(context.getBean(DataFlowHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN));
        runner(url, "dataflow.schema.sync=create-missing").run(context ->
                assertThat(context.getBean(SchemaCheck.class).applied()).isNotEmpty());
        assertThat(TestDatabases.count(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'products'")).isEqualTo(4);
    }

    @Test
    void twoApplicationsOnOneDatabaseRunEachScheduledTickOnce() {
        String url = TestDatabases.fresh();
        ApplicationContextRunner app = runner(url, "dataflow.schema.sync=create-missing", "dataflow.scheduler.tick=200ms");
        app.run(first -> app.run(second -> {
            DataFlow a = first.getBean(DataFlow.class);
            assertThat(second.getBean(DataFlow.class)).isNotSameAs(a);
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
            List<String> ticks = List.of("tick-1", "tick-2", "tick-3");
            for (int i = 0; i < ticks.size(); i++) {
                a.scheduler().register(ticks.get(i), "once " + start.plusSeconds(i), "ProductCreateNode", Map.of("name", ticks.get(i), "price", 1.0), null);
            }
            assertThat(a.scheduler().jobs()).extracting(Job::name).containsExactlyElementsOf(ticks);
            // Both schedulers poll every 200 ms; a once-job is removed after it ran: wait for that, then some more polls.
            for (int i = 0; i < 600 && !a.scheduler().jobs().isEmpty(); i++) Thread.sleep(100);
            Thread.sleep(1000);
            assertThat(a.scheduler().jobs()).isEmpty();
            for (String tick : ticks) {
                assertThat(TestDatabases.count(url, "SELECT count(*) FROM products WHERE name = '" + tick + "'")).as(tick).isEqualTo(1);
            }
        }));
    }

    @Test
    void dataflowUrlGivesDataFlowAPoolOfItsOwn() {
        String url = TestDatabases.fresh();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataFlowAutoConfiguration.class))
                .withPropertyValues("dataflow.url=" + url.replace("jdbc:postgresql://", "postgresql://" + TestDatabases.user() + "@"),
                        "dataflow.pool.size=3", "dataflow.scheduler.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(javax.sql.DataSource.class);
                    DataFlow db = context.getBean(DataFlow.class);
                    assertThat(db.connectionPool()).isNotNull();
                    assertThat(db.poolStats().maximum()).isGreaterThanOrEqualTo(3);
                    assertThat(db.status().dialect()).isEqualTo("postgresql");
                });
    }

    @Test
    void theMonitorSectionTakesTheGuidesKeysAndRefusesAWrongOne() {
        String url = TestDatabases.fresh();
        runner(url, "dataflow.monitor.metrics.query-performance.threshold-ms=250").run(context ->
                assertThat(context.getBean(DataFlow.class).monitor().config().queryPerformance().thresholdMs()).isEqualTo(250.0));
        runner(url, "dataflow.monitor.metrics.query-performance.treshold-ms=250").run(context -> {
            assertThat(context).hasFailed();
            assertThat(causes(context.getStartupFailure())).contains("dataflow.monitor").contains("treshold_ms").contains("threshold_ms");
        });
    }

    @Test
    void theDashboardStartsOnlyWhenEnabledAndRefusesAnOpenBindWithoutCredentials() {
        String url = TestDatabases.fresh();
        runner(url).withConfiguration(AutoConfigurations.of(DataFlowDashboardAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DataFlowDashboard.class));
        runner(url, "dataflow.dashboard.enabled=true", "dataflow.dashboard.bind=0.0.0.0:0", "dataflow.scheduler.enabled=false")
                .withConfiguration(AutoConfigurations.of(DataFlowDashboardAutoConfiguration.class)).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(causes(context.getStartupFailure())).contains("refusing to serve the dashboard on 0.0.0.0 without credentials");
                });
        runner(url, "dataflow.dashboard.enabled=true", "dataflow.dashboard.bind=here").withConfiguration(AutoConfigurations.of(DataFlowDashboardAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(causes(context.getStartupFailure())).contains("dataflow.dashboard.bind").contains("'here'");
                });
    }

    @Test
    void aMisspelledTopLevelMonitorKeyFailsStartupNamingItAndTheAcceptedKeys() {
        String url = TestDatabases.fresh();
        // Both spellings of the accepted keys start (kebab-case and the guide's snake_case), with the starter's interval.
        runner(url, "dataflow.monitor.top-queries=5", "dataflow.monitor.slow_metrics_interval=10m", "dataflow.monitor.interval=1h",
                "dataflow.scheduler.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(DataFlow.class).monitor().config().topQueries()).isEqualTo(5);
        });
        runner(url, "dataflow.monitor.retension=7d").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("dataflow.monitor.retension").contains("did you mean").contains("retention")
                    .contains("dataflow.monitor.interval").contains("dataflow.monitor.alerts").contains("dataflow.monitor.top-queries");
        });
        runner(url, "dataflow.monitor.alert.slow.metric=connection_usage").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("dataflow.monitor.alert.slow.metric").contains("dataflow.monitor.alerts");
        });
    }

    @Test
    void yamlModelFilesAndStartupWorkflows() {
        String url = TestDatabases.fresh();
        runner(url, "dataflow.models[0]=classpath:models/shop.yaml", "dataflow.schema.sync=create-missing",
                "dataflow.workflows[0]=classpath:workflows/seed.yaml", "dataflow.scheduler.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(DataFlow.class).models()).extracting(m -> m.name()).containsExactly("Product");
        });
        assertThat(TestDatabases.count(url, "SELECT count(*) FROM products WHERE name = 'seeded'")).isEqualTo(1);
        runner(url, "dataflow.models[0]=classpath:models/nope.yaml").run(context ->
                assertThat(causes(context.getStartupFailure())).contains("dataflow.models").contains("classpath:models/nope.yaml"));
    }

    @Test
    void healthTurnsDownOnOpenAlertsOnlyWhenConfiguredTo() {
        String url = TestDatabases.fresh();
        String[] alert = {"dataflow.monitor.alerts.busy-pool.metric=connection_usage", "dataflow.monitor.alerts.busy-pool.threshold=> 0",
                "dataflow.scheduler.enabled=false"};
        runner(url, alert).run(context -> {
            DataFlow db = context.getBean(DataFlow.class);
            db.monitor().collect();
            assertThat(db.monitor().openAlerts()).extracting(io.dataflow.monitor.Alert::rule).contains("busy_pool");
            assertThat(context.getBean(DataFlowHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
        runner(url, alert).withPropertyValues("dataflow.health.down-on-alerts=busy_pool").run(context -> {
            DataFlow db = context.getBean(DataFlow.class);
            db.monitor().collect();
            var health = context.getBean(DataFlowHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health.getDetails().get("downBecause"))).contains("busy_pool");
        });
    }

    @Test
    void theApplicationsPoolOutlivesDataFlowAndIsNotResized() throws java.sql.SQLException {
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
        pool.setJdbcUrl(TestDatabases.fresh());
        pool.setUsername(TestDatabases.user());
        pool.setMaximumPoolSize(4);
        try (pool) {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataFlowAutoConfiguration.class))
                    .withBean(javax.sql.DataSource.class, () -> pool, d -> d.setDestroyMethodName(""))
                    .withPropertyValues("dataflow.scheduler.enabled=false")
                    .run(context -> {
                        DataFlow db = context.getBean(DataFlow.class);
                        assertThat(SpringTransactions.target(db.dataSource())).isSameAs(pool); // behind DataFlow's tracking wrapper
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.reconfigurePool(10, 0, 5)).isInstanceOf(RuntimeException.class);
                        assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
                    });
            // The context (and DataFlow with it) closed; the application's pool did not.
            assertThat(pool.isClosed()).isFalse();
            try (var c = pool.getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void noOptionalClientIsOnTheClasspath() {
        // Every test here ran without them: the starter leaves Redis and S3 clients to applications that use them.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName("io.lettuce.core.RedisClient")).isInstanceOf(ClassNotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.services.s3.S3Client")).isInstanceOf(ClassNotFoundException.class);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage();
    }

    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append('\n');
        return sb.toString();
    }
}
