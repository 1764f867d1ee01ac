package io.dataflow.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The guide's QueryOptimizerNode: suggestions for an analyzed statement. Each family runs in its
 * own transaction that is rolled back, so what-if indexes, statistics and views never leak from
 * one family into another's plans, nor into the database.
 */
final class QueryOptimizer {

    private final DataSource dataSource;

    QueryOptimizer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Suggestion> suggest(QueryPlan plan, SuggestOptions options) {
        Duration timeout = Duration.ofMillis(plan.timeoutMs() > 0 ? plan.timeoutMs() : PlanOptions.DEFAULT_TIMEOUT.toMillis());
        List<Suggestion> out = new ArrayList<>();
        for (SuggestionKind kind : SuggestionKind.values()) {
            if (!options.kinds().contains(kind)) continue;
            out.addAll(RolledBack.run(dataSource, timeout, c -> {
                OptimizerSession s = OptimizerSession.open(c, plan, options);
                return switch (kind) {
                    case MISSING_INDEXES -> {
                        try (WhatIf w = WhatIf.open(c, options.whatIf())) {
                            yield new MissingIndexes().suggest(s, w);
                        }
                    }
                    case JOIN_ORDER -> new JoinOrder().suggest(s);
                    case FILTER_PUSHDOWN -> {
                        try (WhatIf w = WhatIf.open(c, options.whatIf())) {
                            yield new FilterPushdown().suggest(s, w);
                        }
                    }
                    case MATERIALIZED_VIEWS -> new MaterializedViews().suggest(s);
                };
            }));
        }
        return out;
    }
}
