package io.dataflow.spring;

import io.dataflow.crud.OptimisticLockConflict;
import org.springframework.dao.OptimisticLockingFailureException;

/** DataFlow's optimistic-lock conflict as Spring's, so {@code @Retryable} and existing handlers see it. */
public class DataFlowOptimisticLockingFailureException extends OptimisticLockingFailureException {

    public DataFlowOptimisticLockingFailureException(OptimisticLockConflict conflict) {
        super(conflict.getMessage(), conflict);
    }

    public OptimisticLockConflict conflict() {
        return (OptimisticLockConflict) getCause();
    }
}
