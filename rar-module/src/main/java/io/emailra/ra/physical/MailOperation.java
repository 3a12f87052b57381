package io.emailra.ra.physical;

import jakarta.mail.MessagingException;

/** An operation run on one physical connection. */
@FunctionalInterface
public interface MailOperation<P extends PhysicalConnection, T> {

    T apply(P session) throws MessagingException;
}
