package io.dataflow.tune;

import io.dataflow.DataFlowException;

/** Tuning could not be applied or reverted (a missing privilege, a failed ALTER SYSTEM); says what was left as it was. */
public class TuneException extends DataFlowException {

    public TuneException(String message) {
        super(message);
    }

    public TuneException(String message, Throwable cause) {
        super(message, cause);
    }
}
