package io.dataflow.spring;

import io.dataflow.DataFlow;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** The web dashboard on its own port, when dataflow-dashboard is on the classpath and dataflow.dashboard.enabled=true. */
@AutoConfiguration(after = DataFlowAutoConfiguration.class)
@ConditionalOnClass(name = "io.dataflow.dashboard.DashboardServer")
@ConditionalOnBean(DataFlow.class)
@ConditionalOnProperty(name = "dataflow.dashboard.enabled", havingValue = "true")
public class DataFlowDashboardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public DataFlowDashboard dataFlowDashboard(DataFlow db, DataFlowProperties properties) {
        return new DataFlowDashboard(db, DataFlowDashboard.options(properties.getDashboard()));
    }
}
