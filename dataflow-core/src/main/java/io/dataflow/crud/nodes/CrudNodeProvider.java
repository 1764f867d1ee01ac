package io.dataflow.crud.nodes;

import io.dataflow.model.ModelSpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeProvider;
import java.util.ArrayList;
import java.util.List;

/** The nine CRUD nodes DataFlow generates for every registered model ({@code OrderCreateNode}, ...). */
public final class CrudNodeProvider implements NodeProvider {

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        List<NodeDefinition> out = new ArrayList<>();
        for (ModelSpec model : models) {
            out.add(new CreateNode(model));
            out.add(new ReadNode(model));
            out.add(new UpdateNode(model));
            out.add(new DeleteNode(model));
            out.add(new ListNode(model));
            out.add(new BulkCreateNode(model));
            out.add(new BulkUpdateNode(model));
            out.add(new BulkDeleteNode(model));
            out.add(new BulkUpsertNode(model));
        }
        return out;
    }
}
