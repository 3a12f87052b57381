package io.emailra.ra.client;

import io.emailra.ra.MailConnectionHandle;
import io.emailra.ra.MailSession;

/** Gets one connection handle from the pool (the container's, or the non-managed path's). */
@FunctionalInterface
public interface ConnectionSource<S extends MailSession> {

    /**
     * @throws io.emailra.api.EmailException if no connection could be had
     */
    MailConnectionHandle<S> allocate();
}
