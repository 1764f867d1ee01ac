package io.dataflow.maintenance;

import java.util.ArrayList;
import java.util.List;

/** A measured relation on its way into the report, collecting the actions taken on it. */
final class Finding {

    final Relation relation;
    final Relation table; // null for a table
    final BloatFigures figures;
    final BloatLevel level;
    final String note;
    final List<ActionResult> actions = new ArrayList<>();

    Finding(Relation relation, Relation table, BloatFigures figures, BloatLevel level, String note) {
        this.relation = relation;
        this.table = table;
        this.figures = figures;
        this.level = level;
        this.note = note;
    }

    boolean isIndex() {
        return table != null;
    }

    /** The table itself, or an index's table. */
    Relation owner() {
        return table == null ? relation : table;
    }

    RelationBloat toReport() {
        return RelationBloat.of(relation, table, figures, level, actions, note);
    }
}
