package io.dataflow.dashboard;

import java.util.List;

/** Reads the dashboard's action log of a database (for the Alerts page). */
public final class ActionLogReader {

    private final DashboardDatabase database;

    public ActionLogReader(DashboardDatabase database) {
        this.database = database;
    }

    public List<ActionLog.Entry> recent(int limit) {
        return new ActionLog(database.view().dataSource()).recent(limit);
    }
}
