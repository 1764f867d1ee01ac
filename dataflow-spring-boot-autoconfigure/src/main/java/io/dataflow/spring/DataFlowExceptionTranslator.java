package io.dataflow.spring;

import io.dataflow.crud.OptimisticLockConflict;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Translates DataFlow's exceptions thrown from {@code @Repository} beans (Boot's persistence exception
 * translation applies every translator bean there); callers elsewhere use {@link #translate} directly.
 */
public class DataFlowExceptionTranslator implements PersistenceExceptionTranslator {

    @Override
    public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
        return translate(ex);
    }

    public static DataAccessException translate(RuntimeException ex) {
        if (ex instanceof OptimisticLockConflict conflict) return new DataFlowOptimisticLockingFailureException(conflict);
        return null;
    }
}
