package io.dataflow.plan;

import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlSyntaxException;
import io.dataflow.sql.SqlToken;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement that EXPLAIN accepts, checked before anything runs: exactly one statement, a query
 * or INSERT/UPDATE/DELETE/MERGE. {@code modifiesData} is conservative (any DML keyword outside
 * strings, or a locking clause): it only decides what the report says, since every analysis is
 * rolled back anyway.
 *
 * @param sql          the text as given, without a trailing {@code ;}
 * @param command      the leading keyword, upper case (SELECT, WITH, INSERT...)
 * @param modifiesData whether running it writes or locks rows
 */
public record CheckedStatement(String sql, String command, boolean modifiesData) {

    private static final Set<String> QUERIES = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

    public static CheckedStatement of(String sql) {
        if (sql == null || sql.isBlank()) throw new PlanException("no SQL given: a query is required");
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            throw new PlanException(PlanException.withCaret(e.getMessage(), sql, e.offset()), e.offset() + 1, e);
        }
        try {
            io.dataflow.sql.SqlParser.checkLimits(sql); // the same refusal as every other path: deep nesting, control characters
        } catch (io.dataflow.sql.SqlParseException e) {
            throw new PlanException(e.getMessage(), e.position(), e);
        }
        List<SqlToken> code = tokens.stream().filter(t -> t.kind() != SqlToken.Kind.COMMENT).toList();
        if (code.isEmpty()) throw new PlanException("no SQL given (only comments): a query is required");
        String text = sql;
        for (int i = 0; i < code.size(); i++) {
            SqlToken t = code.get(i);
            if (t.kind() != SqlToken.Kind.SEMICOLON) continue;
            if (i == code.size() - 1) {
                text = sql.substring(0, t.offset());
            } else {
                throw new PlanException(PlanException.withCaret("more than one statement: give one query to analyze", sql, t.offset()),
                        t.offset() + 1, null);
            }
        }
        SqlToken first = code.stream().filter(t -> !t.text().equals("(")).findFirst().orElse(code.get(0));
        String command = first.text().toUpperCase(Locale.ROOT);
        if (first.kind() != SqlToken.Kind.IDENTIFIER || !(QUERIES.contains(command) || DML.contains(command))) {
            throw new PlanException(PlanException.withCaret("'" + first.text() + "' is not a query: EXPLAIN analyzes SELECT, WITH, VALUES, TABLE,"
                    + " INSERT, UPDATE, DELETE or MERGE statements", sql, first.offset()), first.offset() + 1, null);
        }
        boolean modifies = code.stream().anyMatch(t -> t.kind() == SqlToken.Kind.IDENTIFIER
                && (DML.contains(t.text().toUpperCase(Locale.ROOT)) || t.text().equalsIgnoreCase("share")));
        return new CheckedStatement(text, command, modifies);
    }

    /** Whether the statement is a plain query (its result can be measured and materialized). */
    public boolean isQuery() {
        return QUERIES.contains(command) && !modifiesData;
    }
}
