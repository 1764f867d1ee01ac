package io.dataflow.spring;

import io.dataflow.DataFlow;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * DataFlow's meters (the query cache's per-rule counters, the monitor's gauges) in the application's
 * own MeterRegistry: Boot binds every MeterBinder bean to it, so they leave through the exporters the
 * application already has (no second registry, no second port).
 */
@AutoConfiguration(after = DataFlowAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(DataFlow.class)
public class DataFlowMetricsAutoConfiguration {

    @Bean
    public MeterBinder dataFlowMeters(DataFlow db) {
        return registry -> {
            if (db.cache().enabled()) db.cache().bindTo(registry);
            db.monitor().bindTo(registry);
        };
    }
}
