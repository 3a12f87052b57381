package io.emailra.sample;

import io.emailra.api.EmailConnection;
import io.emailra.api.ImapClient;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** A transaction of its own for each call, so that a caller's client can span several. */
@Stateless
public class UnitOfWork {

    /** Counts INBOX on the client's default connection for this new transaction, and returns that connection. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public EmailConnection countInNewTransaction(ImapClient client) {
        client.selectFolder("INBOX");
        return client.currentConnection();
    }
}
