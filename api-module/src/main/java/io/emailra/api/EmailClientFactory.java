package io.emailra.api;

import jakarta.resource.Referenceable;

import java.io.Serializable;

/**
 * The common shape of the three connection factories bound in JNDI.
 *
 * @param <C> the client type
 */
public interface EmailClientFactory<C extends EmailClient> extends Serializable, Referenceable {

    /**
     * A client under the factory's configured {@code allocationMode}, with the container's or the
     * configured credentials. Unless the mode is {@code USE_DEFAULT}, this allocates the main
     * connection.
     *
     * @throws EmailConnectionException if the main connection could not be obtained
     * @throws EmailAuthenticationException if the server refused the credentials
     */
    C getClient();

    /** A client under the given mode, with the container's or the configured credentials. */
    C getClient(AllocationMode mode);

    /**
     * A client under the configured mode that signs on as this user (application-managed
     * sign-on). Pooled connections are shared only between clients with the same credentials.
     */
    C getClient(String user, String password);

    /** A client under the given mode that signs on as this user. */
    C getClient(AllocationMode mode, String user, String password);
}
