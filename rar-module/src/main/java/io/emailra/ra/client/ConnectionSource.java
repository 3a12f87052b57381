package io.emailra.ra.client;

import io.emailra.ra.MailConnectionHandle;
import io.emailra.ra.MailSession;

/**
 * Where a logical connection gets a physical connection for an operation: a JCA connection handle
 * from the pool (the container's, or the non-managed path's), within the user's connection cap.
 */
public interface ConnectionSource<S extends MailSession> {

    /**
     * @throws io.emailra.api.EmailException if no connection could be had in time
     */
    MailConnectionHandle<S> allocate();

    /** Closes the handle (the physical connection goes back to the pool) and frees its place under the cap. */
    void release(MailConnectionHandle<S> handle);
}
