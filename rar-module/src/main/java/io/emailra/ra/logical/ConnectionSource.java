package io.emailra.ra.logical;

import io.emailra.ra.physical.ConnectionHandle;
import io.emailra.ra.physical.PhysicalConnection;

/**
 * Where a logical connection gets a physical connection for an operation: a JCA connection handle
 * from the pool (the container's, or the non-managed path's), within the user's connection cap.
 */
public interface ConnectionSource<P extends PhysicalConnection> {

    /**
     * @throws io.emailra.api.EmailException if no connection could be had in time
     */
    ConnectionHandle<P> allocate();

    /** Closes the handle (the physical connection goes back to the pool) and frees its place under the cap. */
    void release(ConnectionHandle<P> handle);
}
