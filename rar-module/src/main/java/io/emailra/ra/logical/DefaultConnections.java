package io.emailra.ra.logical;

import io.emailra.ra.physical.PhysicalConnection;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The default connections of one client, one per context: the active JTA transaction if there is
 * one (released when it completes), else the calling thread (released when closed, when the client
 * closes, or once the thread has ended — checked whenever a thread-bound one is created). A
 * default connection is only ever found from its own context.
 */
public final class DefaultConnections<P extends PhysicalConnection> {

    private final TransactionSynchronizationRegistry transactions;
    private final Map<Object, LogicalConnection<P>> bound = new ConcurrentHashMap<>();

    public DefaultConnections(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** The calling context's default connection, or null. */
    public LogicalConnection<P> find() {
        return bound.get(context());
    }

    /** The calling context's default connection, created and bound if it has none. */
    LogicalConnection<P> findOrCreate(Supplier<LogicalConnection<P>> create) {
        Object context = context();
        LogicalConnection<P> existing = bound.get(context);
        return existing != null ? existing : bind(context, create);
    }

    /**
     * Creates and binds the calling context's default connection.
     *
     * @throws IllegalStateException if it already has one
     */
    public LogicalConnection<P> create(Supplier<LogicalConnection<P>> create) {
        Object context = context();
        LogicalConnection<P> existing = bound.get(context);
        if (existing != null) {
            throw new IllegalStateException("the calling " + (context instanceof Thread ? "thread" : "transaction")
                    + " already has the default connection " + existing.id() + "; close it first");
        }
        return bind(context, create);
    }

    void unbind(LogicalConnection<P> connection) {
        Object context = connection.binding();
        if (context != null) {
            bound.remove(context, connection);
        }
    }

    private LogicalConnection<P> bind(Object context, Supplier<LogicalConnection<P>> create) {
        if (context instanceof Thread) {
            releaseDeadThreads();
        }
        LogicalConnection<P> connection = create.get();
        connection.bindTo(context);
        bound.put(context, connection);
        if (!(context instanceof Thread)) {
            try {
                transactions.registerInterposedSynchronization(new ReleaseOnCompletion(connection));
            } catch (RuntimeException e) {
                connection.release();
                throw new IllegalStateException("cannot bind a default connection to the transaction: " + e, e);
            }
        }
        return connection;
    }

    private void releaseDeadThreads() {
        bound.forEach((context, connection) -> {
            if (context instanceof Thread thread && !thread.isAlive()) {
                connection.release();
            }
        });
    }

    /** The key of the transaction associated with the calling thread, else the thread. */
    private Object context() {
        Object transaction = transactions == null ? null : transactions.getTransactionKey();
        return transaction != null ? transaction : Thread.currentThread();
    }

    private record ReleaseOnCompletion(LogicalConnection<?> connection) implements Synchronization {

        @Override
        public void beforeCompletion() {
            // Released after completion, commit or rollback alike.
        }

        @Override
        public void afterCompletion(int status) {
            connection.release();
        }
    }
}
