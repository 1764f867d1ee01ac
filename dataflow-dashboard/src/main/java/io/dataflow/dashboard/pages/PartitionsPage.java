package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.model.ModelSpec;
import io.dataflow.partition.PartitionStatus;
import io.dataflow.partition.PartitionView;
import java.util.List;

/** Each partitioned model's partitions: bounds, rows, size, state (live, compressed, archived) and archives. */
final class PartitionsPage implements Page {

    @Override
    public String path() {
        return "/partitions";
    }

    @Override
    public String title() {
        return "Partitions";
    }

    @Override
    public void render(Context ctx, Html out) {
        List<ModelSpec> partitioned = ctx.database().view().models().stream().filter(m -> m.partitioningSpec().isPresent()).toList();
        if (partitioned.isEmpty()) {
            out.h2("Partitions").note("No registered model is partitioned. Register models with a partition config (as the demo does) to see them here.");
            return;
        }
        for (ModelSpec m : partitioned) {
            out.h2(m.name());
            PartitionStatus s = Pages.section(out, "The partitions of " + m.name(), () -> ctx.database().view().partitions().status(m.name(), List.of()));
            if (s == null) continue;
            out.p(s.table() + " · " + s.strategy() + " · default partition rows: " + Html.num(s.defaultRows()));
            for (String n : s.notes()) out.note(n);
            out.table("partition", "kind", "from", "to", "rows", "size", "state", "archive", "next");
            for (PartitionView p : s.partitions()) {
                out.row(p.name(), p.kind(), p.from() == null ? String.join(", ", p.values() == null ? List.of() : p.values()) : p.from(), p.to(),
                        Html.num(p.rows()), Html.bytes(p.bytes()), p.state(), p.archiveUri(), p.next());
            }
            out.endTable();
        }
    }
}
