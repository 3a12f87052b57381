package io.emailra.ra.logical;

import io.emailra.ra.physical.PhysicalConnection;

/** What a client is built from; opaque to the protocol clients. */
public final class ClientContext<P extends PhysicalConnection> {

    private final ConnectionAllocator<P> allocator;

    public ClientContext(ConnectionAllocator<P> allocator) {
        this.allocator = allocator;
    }

    ConnectionAllocator<P> allocator() {
        return allocator;
    }
}
