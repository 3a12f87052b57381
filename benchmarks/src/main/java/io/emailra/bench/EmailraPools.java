package io.emailra.bench;

import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import io.emailra.testsupport.MailServers;
import jakarta.resource.ResourceException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** emailra's connection factories on its non-managed pool, as an application outside a container gets them; all closed together. */
final class EmailraPools implements AutoCloseable {

    /** A connection factory with its pool and its managed connection factory, for the pool's counts. */
    record Pooled<F>(F factory, NonManagedConnectionManager pool, MailManagedConnectionFactory<?> managed) {
    }

    private final MailServers servers;
    private final List<NonManagedConnectionManager> pools = new ArrayList<>();

    EmailraPools(MailServers servers) {
        this.servers = servers;
    }

    <F> F factory(MailManagedConnectionFactory<?> managed, Endpoint endpoint, int maxSize) {
        return this.<F>pooled(managed, endpoint, maxSize, Duration.ofSeconds(30)).factory();
    }

    @SuppressWarnings("unchecked")
    <F> Pooled<F> pooled(MailManagedConnectionFactory<?> managed, Endpoint endpoint, int maxSize, Duration maxWait) {
        managed.setHost(endpoint.host());
        managed.setPort(endpoint.port());
        managed.setTransportSecurity(endpoint.transportSecurity());
        managed.setUserName(endpoint.user());
        managed.setPassword(endpoint.password());
        if (endpoint.startTls()) {
            managed.setTrustStore(servers.trustStore());
            managed.setTrustStorePassword(servers.trustStorePassword());
        }
        NonManagedConnectionManager pool = new NonManagedConnectionManager(managed,
                new PoolSettings(maxSize, maxWait, Duration.ofMinutes(10)));
        pools.add(pool);
        try {
            return new Pooled<>((F) managed.createConnectionFactory(pool), pool, managed);
        } catch (ResourceException e) {
            throw new IllegalStateException("cannot create the connection factory for " + endpoint, e);
        }
    }

    @Override
    public void close() {
        pools.forEach(NonManagedConnectionManager::close);
    }
}
