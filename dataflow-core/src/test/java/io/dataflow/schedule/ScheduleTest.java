package io.dataflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    static final Instant AT = Instant.parse("2026-11-27T10:31:12Z"); // a Friday

    @ParameterizedTest
    @CsvSource({
            "hourly, 2026-11-27T11:00:00Z",
            "daily, 2026-11-28T00:00:00Z",
            "weekly, 2026-11-30T00:00:00Z",
            "monthly, 2026-12-01T00:00:00Z",
            "'0 */4 * * *', 2026-11-27T12:00:00Z",
            "'*/15 * * * *', 2026-11-27T10:45:00Z",
            "'30 2 * * 0', 2026-11-29T02:30:00Z"})
    void nextRunTimes(String schedule, String next) {
        assertThat(Schedule.parse(schedule, "node n", "schedule").next(AT)).isEqualTo(Instant.parse(next));
    }

    @Test
    void nextIsStrictlyAfter() {
        assertThat(Schedule.parse("hourly", "n", "schedule").next(Instant.parse("2026-11-27T11:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
    }

    @Test
    void badSchedulesNameTheNodeAndKey() {
        assertThatThrownBy(() -> Schedule.parse("fortnightly", "node update_stats", "schedule"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("node update_stats").hasMessageContaining("key 'schedule'")
                .hasMessageContaining("hourly, daily, weekly, monthly");
        assertThatThrownBy(() -> Schedule.parse("0 25 * * *", "node n", "schedule")).hasMessageContaining("not a valid cron expression");
        assertThatThrownBy(() -> Schedule.parse("* * * * * *", "node n", "schedule")).hasMessageContaining("5-field");
    }

    @Test
    void maintenanceWindows() {
        MaintenanceWindow night = MaintenanceWindow.parse("02:00-05:00", "job j", "maintenance_window");
        assertThat(night.contains(Instant.parse("2026-11-27T02:00:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-11-27T05:00:00Z"))).isFalse();
        assertThat(night.nextOpening(Instant.parse("2026-11-27T10:00:00Z"))).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
        assertThat(night.nextOpening(Instant.parse("2026-11-27T01:00:00Z"))).isEqualTo(Instant.parse("2026-11-27T02:00:00Z"));
        MaintenanceWindow wrap = MaintenanceWindow.parse("22:00-02:00", "job j", "maintenance_window");
        assertThat(wrap.contains(Instant.parse("2026-11-27T23:30:00Z"))).isTrue();
        assertThat(wrap.contains(Instant.parse("2026-11-27T01:59:00Z"))).isTrue();
        assertThat(wrap.contains(Instant.parse("2026-11-27T12:00:00Z"))).isFalse();
        assertThatThrownBy(() -> MaintenanceWindow.parse("2-5", "job j", "maintenance_window")).hasMessageContaining("HH:MM-HH:MM");
    }

    @Test
    void oneShotSchedules() {
        Schedule once = Schedule.parse("once 2026-11-28T02:00:00Z", "job j", "schedule");
        assertThat(once.isOnce()).isTrue();
        assertThat(once.next(AT)).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
        assertThat(once.next(Instant.parse("2026-11-28T02:00:00Z"))).isEqualTo(Schedule.NEVER);
        assertThatThrownBy(() -> Schedule.parse("once tomorrow", "job j", "schedule")).hasMessageContaining("ISO instant");
    }
}
