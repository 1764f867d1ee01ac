package io.dataflow.spring;

import io.dataflow.DataFlow;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the startup workflows, then the scheduler (each due job once per tick across every instance on
 * the database: the core scheduler claims jobs in the database) and the monitor's background collection,
 * for as long as the application runs.
 */
public class DataFlowLifecycle implements SmartLifecycle {

    private final DataFlow db;
    private final DataFlowProperties properties;
    private final Runnable startupWorkflows;
    private volatile boolean running;

    DataFlowLifecycle(DataFlow db, DataFlowProperties properties, Runnable startupWorkflows) {
        this.db = db;
        this.properties = properties;
        this.startupWorkflows = startupWorkflows;
    }

    @Override
    public synchronized void start() {
        if (running) return;
        startupWorkflows.run();
        if (properties.getScheduler().isEnabled()) db.scheduler().start(properties.getScheduler().getTick());
        Object interval = properties.getMonitor().get("interval");
        if (interval != null) db.monitor().start(DurationStyle.detectAndParse(String.valueOf(interval)));
        running = true;
    }

    @Override
    public synchronized void stop() {
        db.scheduler().stop();
        if (properties.getMonitor().get("interval") != null) db.monitor().stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The scheduler's tick, as configured. */
    public Duration tick() {
        return properties.getScheduler().getTick();
    }
}
