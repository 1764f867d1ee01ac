package io.dataflow.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dataflow.DataFlowException;
import io.dataflow.cache.SqlAnalysis;
import io.dataflow.plan.QueryShape;
import io.dataflow.sql.SqlParseException;
import io.dataflow.sql.SqlParser;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Long and deep expressions, as ORMs and hostile users write them, through every SQL-tree path
 * that needs no database: parse and print, plan-shape reading (analyze, advise), the cache's
 * analysis (cache keys) and the rewriter. Each ends in a result or a clear error, never another
 * Throwable, never a hang (a generous bound per try: a hang detector, not a speed limit).
 */
class LongAndDeepSqlProperties {

    static final long BOUND_SECONDS = 120;
    static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "property-try");
        t.setDaemon(true);
        return t;
    });
    final QueryRewriter rewriter = new QueryRewriter(QueryRewriterTest.SCHEMA, null);

    @AfterContainer
    static void stop() {
        WORKER.shutdownNow();
    }

    @Property(tries = 25)
    void everyPathEndsInAResultOrAClearError(@ForAll("statements") String sql) throws Exception {
        Future<String> outcome = WORKER.submit(() -> everyPath(sql));
        try {
            String what = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(what).isNotNull();
        } catch (TimeoutException e) {
            outcome.cancel(true);
            fail("no result after " + BOUND_SECONDS + " s for SQL of " + sql.length() + " characters");
        } catch (ExecutionException e) {
            throw new AssertionError("a Throwable escaped for SQL of " + sql.length() + " characters: " + e.getCause(), e.getCause());
        }
    }

    /** "ok" or the clear error's first line; any other Throwable propagates and fails the property. */
    private String everyPath(String sql) {
        try {
            String printed = SqlParser.statement(sql).toString();
            assertThat(printed).isNotEmpty();
            QueryShape.of(sql, t -> Set.of("id", "user_id", "status", "quantity", "total"));
            SqlAnalysis.of(sql);
            rewriter.rewrite(sql, Optimization.AUTO);
            return "ok";
        } catch (DataFlowException e) { // SqlParseException is one
            String m = e.getMessage();
            assertThat(m).as("a clear error").startsWith("cannot parse the SQL").doesNotContain("java.lang").doesNotContain("Exception");
            assertThat(m).containsPattern("at position \\d+");
            return m.split("\n")[0];
        }
    }

    @Provide
    Arbitrary<String> statements() {
        return Arbitraries.oneOf(longChains(), deepNesting(), withControlCharacter());
    }

    /** OR of single comparisons, of composite-key pairs, or AND chains; and IN lists: up to 12,000 terms. */
    private Arbitrary<String> longChains() {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, 12_000);
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 3);
        return Combinators.combine(n, shape).as((count, s) -> "SELECT * FROM orders WHERE " + switch (s) {
            case 0 -> join(count, i -> "user_id = " + i, " OR ");
            case 1 -> join(count, i -> "(user_id = " + i + " AND quantity = " + i + ")", " OR ");
            case 2 -> join(count, i -> "quantity <> " + i, " AND ");
            default -> "user_id IN (" + join(count, Integer::toString, ", ") + ")";
        });
    }

    /** Parentheses, NOT and function calls nested up to 4,000 deep. */
    private Arbitrary<String> deepNesting() {
        Arbitrary<Integer> depth = Arbitraries.integers().between(1, 4_000);
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 2);
        return Combinators.combine(depth, shape).as((d, s) -> "SELECT * FROM orders WHERE " + switch (s) {
            case 0 -> "(".repeat(d) + "user_id = 1" + ")".repeat(d);
            case 1 -> "NOT ".repeat(d) + "user_id = 1";
            default -> "abs(".repeat(d) + "user_id" + ")".repeat(d) + " = 1";
        });
    }

    private Arbitrary<String> withControlCharacter() {
        return Combinators.combine(Arbitraries.chars().range('\u0000', '\u001f').filter(c -> !Character.isWhitespace(c)),
                Arbitraries.integers().between(0, 40)).as((c, at) -> {
                    String sql = "SELECT * FROM orders WHERE user_id = 1 AND quantity > 2";
                    return sql.substring(0, at) + c + sql.substring(at);
                });
    }

    private static String join(int n, java.util.function.IntFunction<String> term, String separator) {
        return IntStream.range(0, n).mapToObj(term).collect(Collectors.joining(separator));
    }
}
