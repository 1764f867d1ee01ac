package io.dataflow.maintenance;

import io.dataflow.schedule.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A cron expression for "once, at the next opening of the maintenance window". The scheduler has
 * recurring jobs only, so the expression names a minute, hour, day and month: its next firing is a
 * year later, and BloatMonitor removes the job before that once the table is no longer bloated.
 */
final class WindowSchedule {

    private WindowSchedule() {
    }

    static String nextOpening(MaintenanceWindow window, Instant now) {
        // one minute ahead: the scheduler's first run is strictly after registration
        Instant soonest = now.plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime at = window.nextOpening(soonest).atZone(ZoneOffset.UTC);
        return at.getMinute() + " " + at.getHour() + " " + at.getDayOfMonth() + " " + at.getMonthValue() + " *";
    }
}
