package io.dataflow.mview;

import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

/** What an output column of a summary query is, which decides how two partial results combine. */
public enum Aggregate {
    KEY, COUNT, SUM, AVG, MIN, MAX, OTHER;

    /** The aggregate of a select expression; DISTINCT aggregates are OTHER (they cannot be added up). */
    static Aggregate of(Expression e) {
        if (!(e instanceof Function f) || f.getName() == null) return OTHER;
        if (f.isDistinct() || f.isUnique()) return OTHER;
        return switch (f.getName().toLowerCase(Locale.ROOT)) {
            case "count" -> COUNT;
            case "sum" -> SUM;
            case "avg" -> AVG;
            case "min" -> MIN;
            case "max" -> MAX;
            default -> OTHER;
        };
    }

    /** Whether partial results of this aggregate combine exactly (COUNT and SUM add, MIN/MAX compare, AVG via sum and count). */
    public boolean mergeable() {
        return this != OTHER;
    }
}
