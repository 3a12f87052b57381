package io.emailra.ra.client;

import io.emailra.ra.MailSession;

/** What a client is built from; opaque to the protocol clients. */
public final class ClientContext<S extends MailSession> {

    private final ConnectionAllocator<S> allocator;

    ClientContext(ConnectionAllocator<S> allocator) {
        this.allocator = allocator;
    }

    ConnectionAllocator<S> allocator() {
        return allocator;
    }
}
