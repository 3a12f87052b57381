package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.it.support.Asadmin;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Crowd;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R14 and R16 in Payara through {@code @Resource}: a thousand threads, each with a default
 * connection of its own on one USE_DEFAULT client, through Payara's pool of 32 to Dovecot as it
 * ships (10 connections per user and IP). Every operation completes, Payara's pool keeps no more
 * connections than the server allows, and none is in use afterwards. (While it runs, Payara counts
 * creations waiting for their turn to sign on as connections; the non-managed {@code ServerLimitsIT}
 * counts signed-on connections at every moment.)
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionsFollowTheWorkIT {

    private static final String POOL = TestServers.DOVECOT_LIMITS_POOL;
    private static final int DOVECOT_LIMIT = 10;

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("limits", ConnectionsFollowTheWorkIT.class);
    }

    @Resource(lookup = TestServers.DOVECOT_LIMITS_JNDI)
    ImapClientFactory imap;

    @Test
    void aThousandThreadsCompleteOnAPoolOfThirtyTwoWithinTheServersLimit() throws Exception {
        int threads = 1_000;
        Set<String> connections = ConcurrentHashMap.newKeySet();
        Crowd.Outcome outcome;
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT)) {
            // A small folder of its own: the user's INBOX grows with every soak and benchmark run.
            String folder = "Crowd " + UUID.randomUUID().toString().substring(0, 8);
            client.createFolder(folder);
            try {
                outcome = Crowd.run(threads, Duration.ofMinutes(2), index -> {
                    connections.add(client.currentConnection().id());
                    client.selectFolder(folder);
                    client.noop();
                });
            } finally {
                client.deleteFolder(folder);
            }
        }
        assertEquals(List.of(), outcome.failures());
        assertEquals(threads, outcome.completed());
        assertEquals(threads, connections.size(), "each thread had a default connection of its own");
        assertTrue(Pools.size(POOL) <= DOVECOT_LIMIT, "Payara's pool holds " + Pools.size(POOL));
        assertEquals(0, Pools.inUse(POOL));
    }

    /** The pool's idle connections are all of the user's places at Dovecot: free them for the next class. */
    @AfterEach
    void freeTheUsersPlaces() {
        Asadmin.run("flush-connection-pool", POOL);
        assertEquals(0, Pools.size(POOL));
    }
}
