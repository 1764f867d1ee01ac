package io.dataflow.bench;

import io.dataflow.sql.SqlParser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two ways to survive a 10,000-term OR chain (issue 29), side by side: DataFlow's (parse, then
 * rebalance long AND/OR chains so the tree is log2(n) deep) and the alternative (parse as is and do
 * every tree walk on a thread with a 512 MB stack). Each op parses, prints the SQL and walks the
 * tree once (TablesNamesFinder), what every analyze/rewrite/cache-key path does at least.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss1m")
@State(Scope.Benchmark)
public class SqlChainBenchmark {

    @Param({"3", "10000"})
    int terms;
    String sql;

    @Setup
    public void setUp() {
        sql = "SELECT id FROM orders WHERE " + IntStream.range(0, terms).mapToObj(i -> "(user_id = " + i + " AND quantity = " + i + ")")
                .collect(Collectors.joining(" OR "));
    }

    @Benchmark
    public int rebalancedOnTheCallersThread() {
        var statement = SqlParser.statement(sql);
        return statement.toString().length() + new TablesNamesFinder<>().getTables(statement).size();
    }

    @Benchmark
    public int asParsedOnABigStackThread() throws Exception {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                var statement = CCJSqlParserUtil.parse(sql, p -> p.withAllowComplexParsing(true).withTimeOut(30_000)); // the same parser settings as SqlParser
                out.set(statement.toString().length() + new TablesNamesFinder<>().getTables(statement).size());
            } catch (Throwable e) {
                out.set(e);
            }
        }, "sql-big-stack", 512L * 1024 * 1024);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) throw new IllegalStateException(e);
        return (Integer) out.get();
    }
}
