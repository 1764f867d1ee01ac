package io.dataflow.maintenance;

import java.util.List;

/**
 * One table or index in a bloat report: its figures, level and what was done.
 *
 * @param name         schema.name
 * @param kind         table or index
 * @param table        for an index, its table; else null
 * @param sizeBytes    on disk (main fork)
 * @param neededBytes  what its live rows need, packed at its fillfactor
 * @param wastedBytes  size beyond that
 * @param bloatRatio   size / needed (1.0 is packed)
 * @param accuracy     exact or estimated
 * @param method       pgstattuple, pgstatindex, pgstattuple_approx or catalog_statistics
 * @param level        high, medium, ok, or unknown (not measurable: see note)
 * @param actions      what was done, scheduled or planned about it
 * @param note         why a figure is missing or estimated instead of exact, or null
 */
public record RelationBloat(String name, String kind, String table, Long sizeBytes, Long neededBytes, Long wastedBytes,
                            Double bloatRatio, String accuracy, String method, BloatLevel level, List<ActionResult> actions,
                            String note) {

    static RelationBloat of(Relation r, Relation table, BloatFigures f, BloatLevel level, List<ActionResult> actions, String note) {
        if (f == null) {
            return new RelationBloat(r.qualified(), table == null ? "table" : "index", table == null ? null : table.qualified(),
                    null, null, null, null, null, null, level, actions, note);
        }
        return new RelationBloat(r.qualified(), table == null ? "table" : "index", table == null ? null : table.qualified(),
                f.sizeBytes(), f.neededBytes(), f.wastedBytes(), Math.round(f.bloatRatio() * 1000) / 1000.0, f.accuracy(),
                f.method(), level, List.copyOf(actions), note);
    }
}
