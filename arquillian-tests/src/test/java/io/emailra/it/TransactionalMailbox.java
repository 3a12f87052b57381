package io.emailra.it;

import io.emailra.api.EmailConnection;
import io.emailra.api.ImapClient;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** Container-managed transactions for {@link TransactionBoundDefaultIT}: each method runs in a new one. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class TransactionalMailbox {

    /** What a transaction saw: its default connection, the thread and the pool's connections in use. */
    public record Seen(String connectionId, String thread, int inUseDuring) {
    }

    @Resource
    SessionContext context;

    /** In USE_DEFAULT: the transaction's automatic default connection. */
    public Seen useDefault(ImapClient client) {
        EmailConnection connection = client.currentConnection();
        client.noop();
        if (!connection.id().equals(client.currentConnection().id())) {
            throw new IllegalStateException("the transaction's default connection changed within it");
        }
        return seen(connection);
    }

    /** In USE_MAIN_OR_DEFAULT: a default connection created explicitly, bound to the transaction. */
    public Seen createDefault(ImapClient client) {
        EmailConnection connection = client.createConnection(true);
        client.noop();
        return seen(connection);
    }

    /** As {@link #useDefault}, then the transaction is rolled back. */
    public Seen useDefaultAndRollBack(ImapClient client) {
        Seen seen = useDefault(client);
        context.setRollbackOnly();
        return seen;
    }

    private static Seen seen(EmailConnection connection) {
        return new Seen(connection.id(), Thread.currentThread().getName(), Pools.inUse(TestServers.IMAP_POOL));
    }
}
