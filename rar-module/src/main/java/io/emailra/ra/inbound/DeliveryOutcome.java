package io.emailra.ra.inbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource a transacted delivery enlists in the bean's transaction: it holds no data, it
 * learns whether the transaction committed. The message is marked handled only if it did; a rollback
 * (an exception, or {@code setRollbackOnly()}) leaves it to be delivered again. The mark follows the
 * commit rather than being part of it, so a failure in between delivers the message once more: at
 * least once, never lost.
 */
final class DeliveryOutcome implements XAResource {

    private volatile boolean committed;
    private volatile boolean rolledBack;

    /** Whether the transaction the delivery ran in committed. */
    boolean committed() {
        return committed && !rolledBack;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
        committed = true;
    }

    @Override
    public void rollback(Xid xid) {
        rolledBack = true;
    }

    @Override
    public int prepare(Xid xid) {
        return XA_OK;
    }

    @Override
    public void start(Xid xid, int flags) {
        // nothing to associate: the outcome is all this resource records
    }

    @Override
    public void end(Xid xid, int flags) {
        // as start
    }

    @Override
    public void forget(Xid xid) {
        // nothing is kept
    }

    /** Nothing is ever in doubt: no work of this resource outlives a crash. */
    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return false;
    }
}
