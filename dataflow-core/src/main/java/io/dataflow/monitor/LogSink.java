package io.dataflow.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fired alerts as warnings, resolved ones as info, on logger {@code io.dataflow.monitor.alerts}. */
public final class LogSink implements AlertSink {

    private static final Logger log = LoggerFactory.getLogger("io.dataflow.monitor.alerts");

    @Override
    public void deliver(AlertEvent e) {
        if (AlertEvent.FIRED.equals(e.event())) {
            log.warn("[{}] alert {} fired: {}", e.database(), e.alert().rule(), e.alert().message());
        } else {
            log.info("[{}] alert {} resolved: {}", e.database(), e.alert().rule(), e.alert().resolvedMessage());
        }
    }
}
