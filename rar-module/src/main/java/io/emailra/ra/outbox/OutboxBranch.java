package io.emailra.ra.outbox;

import io.emailra.ra.physical.smtp.Deferral;
import io.emailra.ra.physical.smtp.DeferredMessage;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * One SMTP connection's part in transactions: the {@link XAResource} the container enlists, and
 * where the connection's sends go while it is enlisted. Between {@code start} and {@code end} sends
 * are recorded under the branch's id in the {@link Outbox}; the transaction's outcome is the
 * outbox's, whichever connection's resource the transaction manager calls.
 */
final class OutboxBranch implements XAResource, Deferral {

    private final Outbox outbox;
    /** Why this connection's mail may not wait for a commit; null if it may. */
    private final String refusal;
    /** The branch between start and end; null when the connection works for no transaction. */
    private volatile String branch;

    OutboxBranch(Outbox outbox, String refusal) {
        this.outbox = outbox;
        this.refusal = refusal;
    }

    @Override
    public boolean defers() {
        if (branch != null) {
            if (refusal != null) {
                throw new IllegalStateException(refusal);
            }
            return true;
        }
        if (outbox.transactionActive()) {
            throw new IllegalStateException("deliveryMode=ON_COMMIT: a transaction is active but this connection is"
                    + " not part of it (it was obtained outside the transaction), so its mail would not wait for the"
                    + " commit; send on a connection obtained inside the transaction (the client's default one)");
        }
        return false;
    }

    @Override
    public void defer(DeferredMessage message) {
        String current = branch;
        if (current == null) {
            throw new IllegalStateException("the connection's transaction branch ended");
        }
        outbox.record(current, message);
    }

    @Override
    public XAResource xaResource() {
        return this;
    }

    @Override
    public void start(Xid xid, int flags) {
        branch = XidNames.name(xid);
    }

    @Override
    public void end(Xid xid, int flags) {
        branch = null;
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return outbox.prepare(XidNames.name(xid));
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        outbox.commit(XidNames.name(xid), onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        outbox.rollback(XidNames.name(xid));
    }

    @Override
    public Xid[] recover(int flags) throws XAException {
        return (flags & TMSTARTRSCAN) != 0 ? outbox.inDoubt() : new Xid[0];
    }

    /** emailra never completes a branch on its own (no heuristic outcome): nothing to forget. */
    @Override
    public void forget(Xid xid) {
    }

    /** Each connection's resource is a branch of its own: the outbox keeps them apart by branch id. */
    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
