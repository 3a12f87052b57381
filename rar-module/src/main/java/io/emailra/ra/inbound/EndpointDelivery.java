package io.emailra.ra.inbound;

import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * Hands one message to the bean: a message endpoint per delivery, in the bean's transaction if its
 * delivery is transacted (a {@link DeliveryOutcome} joins it and learns whether it committed).
 */
final class EndpointDelivery {

    /** How a delivery ended. */
    enum Result { HANDLED, FAILED, NOT_READY }

    /** How a delivery ended, and why it failed (FAILED only). */
    record Outcome(Result result, Throwable failure) {
    }

    private final MessageEndpointFactory endpoints;
    /** Whether the bean's onMail runs in a transaction the container asks resources to join. */
    private final boolean transacted;

    EndpointDelivery(MessageEndpointFactory endpoints) {
        this.endpoints = endpoints;
        this.transacted = isTransacted(endpoints);
    }

    private static boolean isTransacted(MessageEndpointFactory endpoints) {
        try {
            return endpoints.isDeliveryTransacted(MailListener.class.getMethod("onMail", ReceivedMail.class));
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * HANDLED if {@code onMail} returned normally and its transaction (if any) committed; FAILED if
     * not; NOT_READY if the bean cannot take deliveries now (starting, stopping): no attempt was made.
     */
    Outcome deliver(ReceivedMail mail) {
        DeliveryOutcome outcome = transacted ? new DeliveryOutcome() : null;
        MessageEndpoint endpoint;
        try {
            endpoint = endpoints.createEndpoint(outcome);
        } catch (UnavailableException notYet) {
            return new Outcome(Result.NOT_READY, null);
        }
        Throwable failure = null;
        try {
            ((MailListener) endpoint).onMail(mail);
        } catch (RuntimeException | LinkageError e) {
            failure = e;
        } finally {
            endpoint.release();
        }
        if (failure == null && outcome != null && !outcome.committed()) {
            failure = new IllegalStateException("the bean's transaction rolled back");
        }
        return new Outcome(failure == null ? Result.HANDLED : Result.FAILED, failure);
    }
}
