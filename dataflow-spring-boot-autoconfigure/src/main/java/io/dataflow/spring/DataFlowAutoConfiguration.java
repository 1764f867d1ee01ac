package io.dataflow.spring;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowBuilder;
import io.dataflow.DataFlowException;
import io.dataflow.crud.CallerTransactions;
import io.dataflow.model.Model;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.schema.SchemaPlan;
import io.dataflow.model.schema.SyncReport;
import io.dataflow.monitor.MonitorConfig;
import io.dataflow.workflow.WorkflowFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * One {@link DataFlow} on the application's DataSource (never closed or resized by DataFlow), or on a
 * pool of its own when {@code dataflow.url} is set; backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnClass(DataFlow.class)
@EnableConfigurationProperties(DataFlowProperties.class)
public class DataFlowAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DataFlowAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    public DataFlow dataFlow(ObjectProvider<DataFlowProperties> boundProperties, ObjectProvider<DataSource> dataSource, Environment environment,
                             ResourceLoader resources, ObjectProvider<CallerTransactions> transactions) {
        PropertyNames.check(environment); // before binding, whose own message for a stray key names no accepted keys
        DataFlowProperties properties = boundProperties.getObject();
        DataFlowBuilder builder = DataFlow.configure().environment(name -> null);
        if (properties.getUrl() != null && !properties.getUrl().isBlank()) {
            DataFlowProperties.Pool pool = properties.getPool();
            builder.url(properties.getUrl()).pool(pool.getSize(), pool.getMaxOverflow(), pool.getTimeout());
        } else {
            DataSource ds = dataSource.getIfUnique();
            if (ds == null) {
                throw new DataFlowException("DataFlow needs a database: define one DataSource (spring.datasource.url) or set dataflow.url");
            }
            builder.dataSource(ds);
        }
        List<io.dataflow.cache.CacheRule> rules = List.of();
        CacheProperties cache = properties.getCache();
        if (!cache.unset()) {
            try {
                builder.cache(cache.guideKeys());
                rules = io.dataflow.cache.CacheRule.parseAll(cache.guideRules(), "dataflow.cache");
            } catch (RuntimeException e) {
                throw new DataFlowException("dataflow.cache: " + e.getMessage(), e);
            }
        }
        DataFlow db = builder.open();
        try {
            transactions.ifAvailable(db::callerTransactions);
            if (!rules.isEmpty()) db.cache().rules(rules);
            registerModels(db, properties.getModels(), resources);
            configureMonitor(db, properties.getMonitor());
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** What dataflow.schema.sync did at startup; created after the models are registered. */
    @Bean
    @ConditionalOnMissingBean
    public SchemaCheck dataFlowSchemaCheck(DataFlow db, DataFlowProperties properties) {
        SchemaCheck check = checkSchema(db, properties.getSchema().getSync());
        // After the tables exist: writes made outside DataFlow (JdbcTemplate, psql) invalidate through triggers.
        if (db.cache().enabled() && db.cache().config().changeNotifications() && !db.cache().rules().isEmpty()) {
            log.info("DataFlow cache change notifications: {}", io.dataflow.cache.ChangeNotifications.install(db, db.cache().rules()));
        }
        return check;
    }

    private static SchemaCheck checkSchema(DataFlow db, DataFlowProperties.SyncMode mode) {
        if (mode == DataFlowProperties.SyncMode.NONE || db.models().isEmpty()) {
            return new SchemaCheck(mode, List.of(), List.of(), List.of());
        }
        if (mode == DataFlowProperties.SyncMode.CREATE_MISSING) {
            SyncReport report = db.sync();
            log.info("DataFlow schema (create-missing): {}", report.summary());
            return new SchemaCheck(mode, List.of(), report.applied(), report.drift());
        }
        SchemaPlan plan = db.schemaPlan();
        if (plan.upToDate()) {
            log.info("DataFlow schema (validate): the database matches the {} model(s)", db.models().size());
        } else {
            log.warn("DataFlow schema (validate): nothing was changed; {} statement(s) would run and {} drift(s) found "
                    + "(set dataflow.schema.sync=create-missing to create what is missing):\n{}", plan.steps().size(), plan.drift().size(), plan.toText());
        }
        return new SchemaCheck(mode, plan.steps(), List.of(), plan.drift());
    }

    /** Starts the scheduler and the monitor with the application, stops them before DataFlow closes. */
    @Bean
    @ConditionalOnMissingBean
    public DataFlowLifecycle dataFlowLifecycle(DataFlow db, DataFlowProperties properties, SchemaCheck schema, ResourceLoader resources) {
        return new DataFlowLifecycle(db, properties, () -> runWorkflows(db, properties.getWorkflows(), resources));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.jdbc.datasource.DataSourceUtils")
    static class SpringTransactionsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CallerTransactions dataFlowSpringTransactions() {
            return new SpringTransactions();
        }

        @Bean
        @ConditionalOnMissingBean
        DataFlowExceptionTranslator dataFlowExceptionTranslator() {
            return new DataFlowExceptionTranslator();
        }
    }

    private static void registerModels(DataFlow db, List<String> entries, ResourceLoader resources) {
        for (String entry : entries) {
            String e = entry.trim();
            if (e.endsWith(".yaml") || e.endsWith(".yml")) {
                Resource r = resources.getResource(e);
                if (!r.exists()) throw new DataFlowException("dataflow.models: " + e + " does not exist (give a resource location such as classpath:models/shop.yaml)");
                db.registerAll(ModelFiles.parse(read(r, "dataflow.models"), e));
            } else if (e.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                List<Class<?>> found = scan(e, resources.getClassLoader());
                if (found.isEmpty()) throw new DataFlowException("dataflow.models: package " + e + " has no @Model class");
                found.forEach(db::register);
            } else {
                throw new DataFlowException("dataflow.models: " + e + " is neither a YAML model file (.yaml/.yml) nor a package name");
            }
        }
    }

    private static List<Class<?>> scan(String pkg, ClassLoader loader) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent(); // records and nested records are models too
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Model.class));
        return scanner.findCandidateComponents(pkg).stream()
                .map(d -> d.getBeanClassName()).sorted()
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, loader)).toList();
    }

    private static void configureMonitor(DataFlow db, Map<String, Object> monitor) {
        if (monitor.isEmpty()) return;
        Map<String, Object> config = new LinkedHashMap<>(ConfigMaps.guideKeys(monitor));
        config.remove("interval"); // the starter's own key: how often to collect in the background
        try {
            db.monitor().configure(MonitorConfig.read(io.dataflow.config.ConfigReader.of("dataflow.monitor", config)));
        } catch (RuntimeException e) {
            throw new DataFlowException("dataflow.monitor: " + e.getMessage(), e);
        }
    }

    private static void runWorkflows(DataFlow db, List<String> workflows, ResourceLoader resources) {
        for (String location : workflows) {
            Resource r = resources.getResource(location.trim());
            if (!r.exists()) throw new DataFlowException("dataflow.workflows: " + location + " does not exist");
            var results = db.runtime().execute(WorkflowFiles.parse(read(r, "dataflow.workflows"), location, db.nodes()));
            log.info("DataFlow workflow {} ran: {}", location, results);
        }
    }

    private static String read(Resource r, String property) {
        try (var in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFlowException(property + ": cannot read " + r + ": " + e.getMessage(), e);
        }
    }
}
