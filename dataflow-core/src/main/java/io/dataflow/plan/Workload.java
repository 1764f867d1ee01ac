package io.dataflow.plan;

import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlSyntaxException;
import io.dataflow.sql.SqlToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The statements an index advisor optimizes for, with their weights. */
public record Workload(List<WorkloadQuery> queries) {

    private static final Pattern WEIGHT = Pattern.compile("--\\s*weight\\s*:\\s*([0-9]+(?:\\.[0-9]+)?)\\s*", Pattern.CASE_INSENSITIVE);

    public Workload {
        queries = List.copyOf(queries);
        if (queries.isEmpty()) throw new PlanException("the workload has no statements");
    }

    public static Workload read(Path file) {
        try {
            return parse(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new PlanException("cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * Statements separated by {@code ;} (not inside strings, identifiers or comments); each weighs 1,
     * or N when a {@code -- weight: N} comment is part of it.
     */
    public static Workload parse(String text, String name) {
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(text);
        } catch (SqlSyntaxException e) {
            throw new PlanException(name + ": " + PlanException.withCaret(e.getMessage(), text, e.offset()), e.offset() + 1, e);
        }
        List<WorkloadQuery> out = new ArrayList<>();
        int start = 0;
        double weight = 1;
        boolean code = false;
        for (SqlToken t : tokens) {
            if (t.kind() == SqlToken.Kind.COMMENT) {
                Matcher m = WEIGHT.matcher(t.text());
                if (m.matches()) weight = Double.parseDouble(m.group(1));
            } else if (t.kind() == SqlToken.Kind.SEMICOLON) {
                if (code) out.add(new WorkloadQuery(text.substring(start, t.offset()).strip(), weight, name + ":" + (out.size() + 1)));
                start = t.offset() + 1;
                weight = 1;
                code = false;
            } else {
                code = true;
            }
        }
        if (code) out.add(new WorkloadQuery(text.substring(start).strip(), weight, name + ":" + (out.size() + 1)));
        return new Workload(out);
    }
}
