package io.dataflow.maintenance;

import io.dataflow.schedule.MaintenanceWindow;
import io.dataflow.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A one-shot schedule at the next opening of the maintenance window (the job is removed after it ran). */
final class WindowSchedule {

    private WindowSchedule() {
    }

    static String nextOpening(MaintenanceWindow window, Instant now) {
        // one minute ahead: the scheduler's first run is strictly after registration
        Instant soonest = now.plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
        return Schedule.once(window.nextOpening(soonest)).text();
    }
}
