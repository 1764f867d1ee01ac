package io.dataflow.lock;

import io.dataflow.DataFlowException;

/** The row to update does not exist (or was deleted while the update retried): not a version conflict. */
public class RowNotFound extends DataFlowException {

    private final String model;
    private final Object id;

    public RowNotFound(String model, Object id, String when) {
        super(model + " " + id + " not found" + when + "; nothing was changed");
        this.model = model;
        this.id = id;
    }

    public String model() {
        return model;
    }

    public Object id() {
        return id;
    }
}
