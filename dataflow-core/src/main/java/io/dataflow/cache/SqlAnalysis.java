package io.dataflow.cache;

import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlToken;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * What the cache needs to know of one SQL text, found by parsing: its normalized form (for the
 * key), whether it only reads, the tables it reads, and for a write the tables and kinds of change.
 *
 * @param normalized one space between tokens, comments dropped, unquoted words in lower case
 * @param readOnly   a plain query (SELECT, VALUES, TABLE, WITH without data-modifying parts)
 * @param parsed     whether JSqlParser understood it; an unparsed query is never cached
 * @param reads      the tables a query reads
 * @param writes     for a write: the changes it makes (each also counts as {@code table.*})
 */
public record SqlAnalysis(String normalized, boolean readOnly, boolean parsed, Set<String> reads, Set<Dependency> writes) {

    private static final Set<String> WRITE_WORDS = Set.of("insert", "update", "delete", "truncate", "merge", "copy");
    private static final Set<String> TABLE_INTRO = Set.of("into", "update", "from", "join", "truncate", "table", "using");

    /** Analyzes SQL written with {@code ?} or {@code :name} placeholders. */
    public static SqlAnalysis of(String sql) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        StringBuilder norm = new StringBuilder();
        boolean writeWord = false;
        String first = null;
        for (SqlToken t : tokens) {
            if (t.kind() == SqlToken.Kind.COMMENT) continue;
            if (t.kind() == SqlToken.Kind.SEMICOLON) continue;
            String text = t.kind() == SqlToken.Kind.IDENTIFIER ? t.text().toLowerCase(Locale.ROOT) : t.text();
            if (t.kind() == SqlToken.Kind.IDENTIFIER) {
                if (first == null) first = text;
                writeWord |= WRITE_WORDS.contains(text);
            }
            if (norm.length() > 0) norm.append(' ');
            norm.append(text);
        }
        String normalized = norm.toString();
        boolean query = first != null && Set.of("select", "with", "values", "table").contains(first) && !writeWord;
        Statement statement = parse(io.dataflow.sql.NamedParameters.parse(sql).sql());
        if (statement == null) {
            Set<String> tables = lexedTables(tokens);
            Set<Dependency> writes = new LinkedHashSet<>();
            if (!query) tables.forEach(t -> writes.add(Dependency.any(t)));
            return new SqlAnalysis(normalized, query, false, Set.copyOf(tables), Set.copyOf(writes));
        }
        Set<String> tables = new LinkedHashSet<>();
        try {
            for (String t : new TablesNamesFinder<>().getTables(statement)) tables.add(TableNames.normalize(t));
        } catch (RuntimeException e) {
            tables.addAll(lexedTables(tokens)); // the finder gives up on some shapes (data-modifying CTEs)
        }
        if (query && statement instanceof Select) return new SqlAnalysis(normalized, true, true, Set.copyOf(tables), Set.of());
        return new SqlAnalysis(normalized, false, true, Set.copyOf(tables), writes(statement, tables));
    }

    private static Set<Dependency> writes(Statement statement, Set<String> tables) {
        Set<Dependency> out = new LinkedHashSet<>();
        if (statement instanceof Insert insert) {
            String t = TableNames.normalize(insert.getTable().getFullyQualifiedName());
            out.add(new Dependency(t, "insert"));
            if (insert.getConflictAction() != null || insert.getDuplicateUpdateSets() != null) out.add(new Dependency(t, "update"));
        } else if (statement instanceof Update update) {
            out.add(new Dependency(TableNames.normalize(update.getTable().getFullyQualifiedName()), "update"));
        } else if (statement instanceof Delete delete) {
            out.add(new Dependency(TableNames.normalize(delete.getTable().getFullyQualifiedName()), "delete"));
        } else if (statement instanceof Truncate truncate) {
            if (truncate.getTables() != null) truncate.getTables().forEach(t -> out.add(new Dependency(TableNames.normalize(t.getFullyQualifiedName()), "delete")));
            else out.add(new Dependency(TableNames.normalize(truncate.getTable().getFullyQualifiedName()), "delete"));
        } else if (statement instanceof Merge merge) {
            String t = TableNames.normalize(merge.getTable().getFullyQualifiedName());
            for (String op : List.of("insert", "update", "delete")) out.add(new Dependency(t, op));
        } else {
            // DDL, data-modifying CTEs and anything else: every table it names may have changed.
            tables.forEach(t -> out.add(Dependency.any(t)));
        }
        return Set.copyOf(out);
    }

    private static Statement parse(String sql) {
        try {
            return io.dataflow.sql.SqlParser.statement(sql); // balanced: a 10,000-term key query does not overflow
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Names after FROM, JOIN, INTO, UPDATE, TRUNCATE: a fallback when the parser gives up. */
    private static Set<String> lexedTables(List<SqlToken> tokens) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.kind() != SqlToken.Kind.IDENTIFIER || !TABLE_INTRO.contains(t.text().toLowerCase(Locale.ROOT))) continue;
            int j = i + 1;
            while (j < tokens.size() && tokens.get(j).kind() == SqlToken.Kind.IDENTIFIER
                    && Set.of("only", "table", "if", "exists").contains(tokens.get(j).text().toLowerCase(Locale.ROOT))) j++;
            StringBuilder name = new StringBuilder();
            while (j < tokens.size()) {
                SqlToken n = tokens.get(j);
                if (n.kind() == SqlToken.Kind.IDENTIFIER || n.kind() == SqlToken.Kind.QUOTED_IDENTIFIER) {
                    name.append(n.text());
                    if (j + 1 < tokens.size() && tokens.get(j + 1).text().equals(".")) {
                        name.append('.');
                        j += 2;
                        continue;
                    }
                }
                break;
            }
            if (name.length() > 0 && !name.toString().equalsIgnoreCase("select")) out.add(TableNames.normalize(name.toString()));
        }
        return out;
    }
}
