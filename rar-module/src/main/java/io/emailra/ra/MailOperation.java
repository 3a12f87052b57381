package io.emailra.ra;

import jakarta.mail.MessagingException;

/** An operation run on one physical connection. */
@FunctionalInterface
public interface MailOperation<S extends MailSession, T> {

    T apply(S session) throws MessagingException;
}
