package io.emailra.ra.physical;

import jakarta.mail.MessagingException;

/** An operation run on one physical connection. */
@FunctionalInterface
public interface MailOperation<P extends PhysicalConnection, T> {

    T apply(P session) throws MessagingException;

    /** What the figures call it; {@code other} unless it was {@link #named}. */
    default String name() {
        return "other";
    }

    /** The operation under a name for the figures (the API method it serves). */
    static <P extends PhysicalConnection, T> MailOperation<P, T> named(String name, MailOperation<P, T> operation) {
        return new MailOperation<>() {
            @Override
            public T apply(P session) throws MessagingException {
                return operation.apply(session);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
