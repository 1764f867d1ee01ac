package io.dataflow.stats;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/**
 * Table statistics, the typed core of the guide's StatisticsUpdateNode and StatisticsAnalyzerNode.
 *
 * <pre>{@code
 * Statistics stats = db.statistics();
 * stats.update(new UpdateRequest(List.of("orders"), SampleRate.percent(10), ColumnSelection.ALL));
 * AnalysisReport report = stats.analyze(AnalysisRequest.all());
 * }</pre>
 *
 * Every table and column named is checked against the current schema before anything runs; a bad
 * name raises a {@link io.dataflow.config.ConfigException} naming {@code where} and the key.
 */
public final class Statistics {

    private static final String WHERE = "statistics";
    private final DataSource dataSource;
    private final Clock clock;

    public Statistics(DataFlow db) {
        this(db.dataSource(), db.clock());
    }

    public Statistics(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The statements {@link #update} would run, per table; nothing is changed. */
    public List<TablePlan> plan(UpdateRequest request) {
        return plan(request, WHERE);
    }

    public List<TablePlan> plan(UpdateRequest request, String where) {
        request.checkNames(where);
        try (Connection c = dataSource.getConnection()) {
            return UpdatePlanner.plan(request, SchemaTables.read(c), where);
        } catch (SQLException e) {
            throw new DataFlowException("cannot read the tables to update: " + e.getMessage(), e);
        }
    }

    /** What {@link #update} would do, as its report with {@code dry_run} true; nothing is changed. */
    public UpdateReport preview(UpdateRequest request, String where) {
        return new UpdateReport(true, List.of(), plan(request, where), UpdateReport.BASIS);
    }

    /** Sets the columns' statistics targets (when a sample rate is given) and ANALYZEs each table. */
    public UpdateReport update(UpdateRequest request) {
        return update(request, WHERE);
    }

    /** As {@link #update(UpdateRequest)}, naming {@code where} (e.g. a node) in configuration errors. */
    public UpdateReport update(UpdateRequest request, String where) {
        List<TablePlan> plans = plan(request, where);
        return new UpdateReport(false, new StatisticsUpdater(dataSource).run(plans), plans, UpdateReport.BASIS);
    }

    /** The checks of the request; reads only (see {@link FixEstimator} for the one side effect). */
    public AnalysisReport analyze(AnalysisRequest request) {
        return analyze(request, WHERE);
    }

    public AnalysisReport analyze(AnalysisRequest request, String where) {
        return new StatisticsAnalyzer(dataSource, clock).analyze(request, where);
    }
}
