package io.dataflow.lock;

import io.dataflow.crud.ColumnValues;
import io.dataflow.model.ModelSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field-by-field three-way merge of an update: base (the row as the caller read it), theirs (the row
 * now) and our changes. Our change applies when the fields we write are unchanged since base; a field
 * someone else changed since base is an overlap, even when they wrote the value we are about to
 * write: that value may be derived from base (x = base.x + 1), and two such writes would count as
 * one. Only {@code $inc} and {@code $mul} are exempt: they are recomputed on the row as it is now and
 * written at its version, so both changes take effect. Values are compared after conversion to the
 * column's type, so {@code 10} and {@code 10.0} in a float column are equal.
 */
final class ThreeWayMerge {

    /** Columns every update changes by itself: never evidence of someone else's edit. */
    private static final Set<String> MANAGED = Set.of("id", "updated_at");

    private final ModelSpec model;
    private final ColumnValues values;

    ThreeWayMerge(ModelSpec model) {
        this.model = model;
        this.values = new ColumnValues(model);
    }

    /** The fields we change that someone else changed since base, except those we change by {@code $inc} or {@code $mul}. */
    List<String> overlap(Map<String, ?> base, Map<String, Object> current, Map<String, Change> ours) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Change> e : ours.entrySet()) {
            String column = e.getKey();
            if (commutes(e.getValue())) continue;
            if (!same(column, base.get(column), current.get(column))) out.add(column);
        }
        return out;
    }

    /** An operator applied to the value as it is now, at its version: it composes with any other change of the field. */
    static boolean commutes(Change change) {
        return change instanceof Change.Inc || change instanceof Change.Mul;
    }

    /** The fields of base (besides id, the version and updated_at) whose value is different now. */
    List<String> changedSince(Map<String, ?> base, Map<String, Object> current) {
        List<String> out = new ArrayList<>();
        for (String column : base.keySet()) {
            if (MANAGED.contains(column) || column.equals(model.optimisticLock()) || !current.containsKey(column)) continue;
            if (!same(column, base.get(column), current.get(column))) out.add(column);
        }
        return out;
    }

    boolean same(String column, Object a, Object b) {
        if (a == null || b == null) return a == b;
        if ((a instanceof Map || a instanceof List) && (b instanceof Map || b instanceof List)) return a.equals(b);
        Object x = values.toJdbc(column, a, "base." + column);
        Object y = values.toJdbc(column, b, "base." + column);
        if (x instanceof BigDecimal p && y instanceof BigDecimal q) return p.compareTo(q) == 0;
        if (x instanceof byte[] p && y instanceof byte[] q) return Arrays.equals(p, q);
        return x.equals(y);
    }
}
