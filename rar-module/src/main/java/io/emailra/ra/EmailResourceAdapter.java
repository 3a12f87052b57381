package io.emailra.ra;

import io.emailra.ra.config.WriteTimeouts;
import io.emailra.ra.pool.IdleEviction;
import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.transaction.xa.XAResource;

/**
 * The resource adapter: outbound only. It keeps the bootstrap context's
 * {@link TransactionSynchronizationRegistry}, through which default connections are bound to the
 * active JTA transaction.
 */
public class EmailResourceAdapter implements ResourceAdapter {

    private volatile TransactionSynchronizationRegistry transactionRegistry;

    @Override
    public void start(BootstrapContext context) {
        transactionRegistry = context.getTransactionSynchronizationRegistry();
    }

    /** Undeployed: emailra's own threads (write time limits, idle eviction) end now, not after their idle time. */
    @Override
    public void stop() {
        transactionRegistry = null;
        WriteTimeouts.stop();
        IdleEviction.stop();
    }

    /** The container's registry, or null before start, after stop or where the container has none. */
    public TransactionSynchronizationRegistry transactionRegistry() {
        return transactionRegistry;
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws NotSupportedException {
        throw new NotSupportedException("emailra has no inbound (message endpoint) support");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // Nothing is ever activated.
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // The JCA specification asks ResourceAdapter JavaBeans for equals and hashCode; each instance is distinct.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
