package io.dataflow.spring;

import io.dataflow.crud.CallerTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's transactions as DataFlow's caller transactions: inside {@code @Transactional} (a transaction
 * bound to DataFlow's DataSource) CRUD uses that transaction's connection, and the cache's write tickets
 * close after it committed or rolled back, so the cache never keeps what a rolled-back transaction wrote.
 */
final class SpringTransactions implements CallerTransactions {

    @Override
    public boolean active(DataSource dataSource) {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(target(dataSource));
    }

    @Override
    public Connection connection(DataSource dataSource) throws SQLException {
        return DataSourceUtils.getConnection(target(dataSource));
    }

    @Override
    public void release(Connection connection, DataSource dataSource) {
        DataSourceUtils.releaseConnection(connection, target(dataSource));
    }

    /**
     * The application's DataSource behind DataFlow's tracking wrapper (which records borrowed connections so a
     * cancel can reach the server): Spring binds a transaction's connection to the application's own bean.
     */
    static DataSource target(DataSource dataSource) {
        try {
            return dataSource.unwrap(DataSource.class);
        } catch (SQLException | RuntimeException e) {
            return dataSource;
        }
    }

    @Override
    public void afterCompletion(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                action.run();
            }
        });
    }
}
