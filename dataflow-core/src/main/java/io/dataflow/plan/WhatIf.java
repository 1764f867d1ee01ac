package io.dataflow.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Plans statements as if some indexes existed, without leaving anything behind: HypoPG's
 * hypothetical indexes when the extension is installed, otherwise real indexes built inside a
 * transaction that is rolled back. One session uses one connection; close it to clean up.
 */
public interface WhatIf extends AutoCloseable {

    /** How hypothetical indexes are made. */
    enum Mode {
        /** HypoPG when installed in the database, else ROLLBACK. */
        AUTO,
        /** HypoPG's hypothetical indexes: no build, no lock; costs only. */
        HYPOPG,
        /** Real indexes built in a transaction that is rolled back: holds a SHARE lock on the tables (blocks writes) while the session lasts. */
        ROLLBACK
    }

    /**
     * A plan under a configuration.
     *
     * @param cost total planner cost
     * @param used the configuration's indexes the plan uses
     * @param plan the plan tree
     */
    record Explained(double cost, Set<IndexCandidate> used, PlanNode plan) {
    }

    String mode();

    /** Plans the statement with exactly {@code config} added to the existing indexes. */
    default Explained explain(Explainable statement, Collection<IndexCandidate> config) throws SQLException {
        return explain(statement, config, null);
    }

    /**
     * The same, when the statement's tables are known: candidates made earlier on other tables cannot
     * change its plan, so they are left in place (fewer hypothetical drops, or DROP INDEX in savepoints).
     */
    Explained explain(Explainable statement, Collection<IndexCandidate> config, Set<String> tables) throws SQLException;

    /** The size of a candidate, in bytes (HypoPG's estimate, or the built index's size), or -1 if it cannot be made. */
    long sizeBytes(IndexCandidate candidate) throws SQLException;

    /** Executes (EXPLAIN ANALYZE, rolled back) with the configuration in place; execution ms, or null if this mode cannot. */
    Double measure(Explainable statement, Collection<IndexCandidate> config) throws SQLException;

    /** Candidates that could not be created (e.g. an expression that is not immutable), with the reason. */
    Map<IndexCandidate, String> failed();

    /** Removes everything the session made; the connection is left clean. */
    @Override
    void close() throws SQLException;

    static WhatIf open(Connection connection, Mode mode) throws SQLException {
        String schema = HypoPgWhatIf.schema(connection);
        if (mode == Mode.HYPOPG && schema == null) {
            throw new PlanException("HypoPG is not installed in this database (CREATE EXTENSION hypopg); use what-if mode auto or rollback");
        }
        return schema != null && mode != Mode.ROLLBACK ? new HypoPgWhatIf(connection, schema) : new RolledBackWhatIf(connection);
    }
}
