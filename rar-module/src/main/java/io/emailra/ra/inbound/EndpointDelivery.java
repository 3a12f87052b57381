package io.emailra.ra.inbound;

import io.emailra.ra.monitor.FactoryStatistics;

import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.lang.reflect.Method;

/**
 * Hands one message to the bean: a message endpoint per delivery; if the bean's delivery is
 * transacted, inside its transaction, begun by {@code beforeDelivery} and ended by
 * {@code afterDelivery}, in which a {@link DeliveryOutcome} learns whether it committed.
 */
public final class EndpointDelivery {

    private static final Method ON_MAIL = onMail();

    /** How a delivery ended. */
    enum Result { HANDLED, FAILED, NOT_READY }

    /** How a delivery ended, and why it failed (FAILED only). */
    record Outcome(Result result, Throwable failure) {
    }

    private final MessageEndpointFactory endpoints;
    /** The container's registry, if the bean's onMail runs in a transaction: where the outcome is learnt. */
    private final TransactionSynchronizationRegistry transactions;
    private final FactoryStatistics statistics;

    /** The registry may be null where the container has none; a transacted bean's outcome is then not known. */
    public EndpointDelivery(MessageEndpointFactory endpoints, TransactionSynchronizationRegistry registry,
                            FactoryStatistics statistics) {
        this.statistics = statistics;
        this.endpoints = endpoints;
        this.transactions = isTransacted(endpoints) ? registry : null;
    }

    private static Method onMail() {
        try {
            return MailListener.class.getMethod("onMail", ReceivedMail.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isTransacted(MessageEndpointFactory endpoints) {
        try {
            return endpoints.isDeliveryTransacted(ON_MAIL);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * HANDLED if {@code onMail} returned normally and its transaction (if any) committed; FAILED if
     * not; NOT_READY if the bean cannot take deliveries now (starting, stopping): no attempt was made.
     */
    /** The activation's figures. */
    FactoryStatistics statistics() {
        return statistics;
    }

    /** A message failed every attempt and was set aside: counted. */
    void poisoned() {
        statistics.poisoned();
    }

    Outcome deliver(ReceivedMail mail) {
        MessageEndpoint endpoint;
        try {
            endpoint = endpoints.createEndpoint(null);
        } catch (UnavailableException notYet) {
            return new Outcome(Result.NOT_READY, null);
        }
        statistics.delivered(mail.attempt() > 1);
        DeliveryOutcome outcome = transactions == null ? null : new DeliveryOutcome();
        Throwable failure = null;
        try {
            if (outcome != null) {
                endpoint.beforeDelivery(ON_MAIL); // the bean's transaction begins, on this thread
            }
            try {
                if (outcome != null) {
                    transactions.registerInterposedSynchronization(outcome);
                }
                ((MailListener) endpoint).onMail(mail);
            } catch (RuntimeException | LinkageError e) {
                failure = e;
            } finally {
                if (outcome != null) {
                    endpoint.afterDelivery(); // commits, or rolls back after a failure or setRollbackOnly()
                }
            }
        } catch (NoSuchMethodException | ResourceException | RuntimeException e) {
            failure = failure != null ? failure : e;
        } finally {
            endpoint.release();
        }
        if (failure == null && outcome != null && !outcome.committed()) {
            failure = new IllegalStateException("the bean's transaction rolled back");
        }
        return new Outcome(failure == null ? Result.HANDLED : Result.FAILED, failure);
    }
}
