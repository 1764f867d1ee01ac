package io.dataflow.spring;

import io.dataflow.DataFlow;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code dataflow} Actuator endpoint and health indicator, when Actuator is on the classpath. */
@AutoConfiguration(after = DataFlowAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(DataFlow.class)
public class DataFlowActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public DataFlowEndpoint dataFlowEndpoint(DataFlow db, SchemaCheck schema, ObjectProvider<LatestAdvice> advice) {
        return new DataFlowEndpoint(db, schema, advice.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = DataFlowEndpoint.class)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "dataflow.advice.enabled", matchIfMissing = true)
    public LatestAdvice dataFlowLatestAdvice(DataFlow db, DataFlowProperties properties) {
        return new LatestAdvice(db, properties.getAdvice());
    }

    @Bean
    @ConditionalOnMissingBean(name = "dataflowHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("dataflow")
    public DataFlowHealthIndicator dataflowHealthIndicator(DataFlow db, SchemaCheck schema, DataFlowProperties properties) {
        return new DataFlowHealthIndicator(db, schema, properties.getHealth());
    }
}
