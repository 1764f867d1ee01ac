package io.dataflow.monitor;

/**
 * Receives fired and resolved events: the log, a webhook, or any Java callback
 * ({@code monitor.addSink(event -> ...)}). A sink that throws is logged and does not stop the others.
 */
@FunctionalInterface
public interface AlertSink {

    void deliver(AlertEvent event) throws Exception;
}
