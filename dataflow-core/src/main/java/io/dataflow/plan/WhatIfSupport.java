package io.dataflow.plan;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What both what-if modes share: reading a plan's cost and which of the session's indexes it uses. */
final class WhatIfSupport {

    private WhatIfSupport() {
    }

    static WhatIf.Explained explained(String json, Map<String, IndexCandidate> byName) {
        PlanNode root = PlanParser.parse(json).root();
        Set<IndexCandidate> used = new HashSet<>();
        root.walk(n -> {
            if (n.index() != null && byName.containsKey(n.index())) used.add(byName.get(n.index()));
        });
        return new WhatIf.Explained(root.totalCost(), used, root);
    }

    static Double executionMs(String json) {
        return PlanParser.parse(json).executionMs();
    }
}
