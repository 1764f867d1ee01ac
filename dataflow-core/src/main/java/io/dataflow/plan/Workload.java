package io.dataflow.plan;

import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlSyntaxException;
import io.dataflow.sql.SqlToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements an index advisor optimizes for, with their weights.
 *
 * @param queries the statements
 * @param period  the time the weights cover (weights are executions in this period), or null when not
 *                known (the advisor then takes {@link AdvisorOptions#period()})
 * @param writes  write rates stated with the workload, table -> rows per second
 * @param notes   what reading the workload left out, and why
 */
public record Workload(List<WorkloadQuery> queries, Duration period, Map<String, Double> writes, List<String> notes) {

    private static final Pattern WEIGHT = Pattern.compile("--\\s*weight\\s*:\\s*([0-9]+(?:\\.[0-9]+)?)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern WRITES = Pattern.compile("--\\s*writes\\s*:(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PERIOD = Pattern.compile("--\\s*period\\s*:(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    public Workload {
        queries = List.copyOf(queries);
        writes = writes == null ? Map.of() : Map.copyOf(writes);
        notes = notes == null ? List.of() : List.copyOf(notes);
        if (queries.isEmpty()) throw new PlanException("the workload has no statements");
        if (period != null && (period.isNegative() || period.isZero())) throw new PlanException("the workload's period must be positive, got " + period);
    }

    public Workload(List<WorkloadQuery> queries) {
        this(queries, null, Map.of(), List.of());
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
     * or N when a {@code -- weight: N} comment is part of it. Anywhere in the file, {@code -- period: 1h}
     * says what time the weights cover and {@code -- writes: orders=200/s, order_items=600/s} states
     * the tables' write rates.
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
        Duration period = null;
        Map<String, Double> writes = new LinkedHashMap<>();
        for (SqlToken t : tokens) {
            if (t.kind() == SqlToken.Kind.COMMENT) {
                Matcher m = WEIGHT.matcher(t.text());
                if (m.matches()) weight = Double.parseDouble(m.group(1));
                Matcher w = WRITES.matcher(t.text().strip());
                if (w.matches()) writes.putAll(WriteRate.parse(w.group(1), name + ": -- writes"));
                Matcher p = PERIOD.matcher(t.text().strip());
                if (p.matches()) period = ShortDuration.parse(p.group(1).strip(), name + ": -- period");
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
        return new Workload(out, period, writes, List.of());
    }
}
