package io.emailra.ra.physical.smtp;

import javax.transaction.xa.XAResource;

/**
 * Where a connection's messages go instead of the server while it works for a transaction that
 * sends on commit ({@code deliveryMode=ON_COMMIT}): the connection's branch of that transaction.
 */
public interface Deferral {

    /**
     * Whether a send now is to be recorded, not sent: the connection is enlisted in a transaction.
     *
     * @throws IllegalStateException if a transaction is active but the connection is not part of it
     *                               (sending now would not wait for its outcome)
     */
    boolean defers();

    /** Records the message in the transaction. */
    void defer(DeferredMessage message);

    /** The transaction branch the container enlists. */
    XAResource xaResource();
}
