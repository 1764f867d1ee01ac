package io.dataflow.model;

import java.util.List;

/**
 * One index of a model: a column list or an expression, with the guide's options.
 *
 * @param name       the index name (generated from the table and columns when not given)
 * @param fields     key columns, empty for an expression index
 * @param expression the indexed expression, or null
 * @param include    covering columns stored in the index leaf (INCLUDE)
 * @param where      partial-index predicate, or null
 * @param unique     a unique index
 * @param method     the access method: btree, hash, gin, gist, spgist or brin
 * @param nameGiven  whether the name came from the config (for the plan's notes)
 */
public record IndexSpec(String name, List<String> fields, String expression, List<String> include,
                        String where, boolean unique, String method, boolean nameGiven) {

    public static final List<String> METHODS = List.of("btree", "hash", "gin", "gist", "spgist", "brin");

    public IndexSpec {
        fields = List.copyOf(fields);
        include = List.copyOf(include);
    }

    public boolean isExpression() {
        return expression != null;
    }
}
