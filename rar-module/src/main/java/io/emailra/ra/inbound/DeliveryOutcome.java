package io.emailra.ra.inbound;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

/**
 * Learns whether the bean's transaction committed: registered in it (an interposed synchronization)
 * between {@code beforeDelivery} and {@code onMail}. The message is marked handled only if it did; a
 * rollback (an exception, or {@code setRollbackOnly()}) leaves it to be delivered again. The mark
 * follows the commit rather than being part of it, so a failure in between delivers the message once
 * more: at least once, never lost.
 *
 * <p>Not an XAResource: observing the outcome needs none, and an XA participant would turn every
 * delivery into a two-phase commit and start Payara's JTS recovery, whose thread then keeps the class
 * loader of the application that happened to start it (measured: an undeployed copy of the sample
 * held by {@code RecoveryManager.resyncThread}'s context class loader).
 */
final class DeliveryOutcome implements Synchronization {

    private volatile boolean committed;

    /** Whether the transaction the delivery ran in committed. */
    boolean committed() {
        return committed;
    }

    @Override
    public void beforeCompletion() {
        // nothing to write: the outcome is all this records
    }

    @Override
    public void afterCompletion(int status) {
        committed = status == Status.STATUS_COMMITTED;
    }
}
