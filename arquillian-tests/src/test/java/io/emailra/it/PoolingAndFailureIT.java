package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.it.support.Pools;
import io.emailra.testsupport.TcpProxy;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.List;

import static io.emailra.it.Mail.subjects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R12 and R13 against Payara's pool: a physical connection goes back to the pool and is reused only
 * for the same credentials; one that fails is reported, destroyed and replaced. The pool used here
 * reaches GreenMail through a {@link TcpProxy} that can cut every connection.
 */
@ExtendWith(ArquillianExtension.class)
class PoolingAndFailureIT {

    private static final String POOL = TestServers.PROXIED_IMAP_POOL;
    private static TcpProxy proxy;

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("pooling", PoolingAndFailureIT.class);
    }

    @Resource(lookup = TestServers.PROXIED_IMAP_JNDI)
    ImapClientFactory imap;

    @BeforeEach
    void proxyInFrontOfGreenMail() throws IOException {
        synchronized (PoolingAndFailureIT.class) {
            if (proxy == null) {
                proxy = new TcpProxy(TestServers.PROXIED_IMAP_PORT, TestServers.IMAP_PORT);
            }
        }
    }

    @AfterEach
    void noConnectionInUse() {
        assertEquals(0, Pools.inUse(POOL));
    }

    @Test
    void r12PhysicalConnectionsAreReusedOnlyForTheSameCredentials() {
        String alice = TestServers.newMailbox();
        String bob = TestServers.newMailbox();
        try (ImapClient setup = imap.getClient(AllocationMode.USE_MAIN, alice, alice)) {
            setup.appendMessage("INBOX", Mail.message(alice, "for alice", "a"));
        }
        int afterAlice = Pools.size(POOL);
        for (int i = 0; i < 10; i++) {
            try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN, alice, alice)) {
                assertThrows(IllegalStateException.class, client::listMessages,
                        "the reused connection was cleaned up: no folder selected");
                client.selectFolder("INBOX");
            }
        }
        assertEquals(afterAlice, Pools.size(POOL), "alice's returned connection was reused, none created");

        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN, bob, bob)) {
            client.selectFolder("INBOX");
            assertEquals(afterAlice + 1, Pools.size(POOL), "bob got a connection of his own, not alice's");
            assertEquals(List.of(), subjects(client.listMessages()), "bob never sees alice's mailbox");
        }
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN, alice, alice)) {
            client.selectFolder("INBOX");
            assertEquals(List.of("for alice"), subjects(client.listMessages()));
        }
        assertEquals(afterAlice + 1, Pools.size(POOL));
    }

    @Test
    void r13AFailedConnectionIsEvictedAndTheNextOperationGetsAWorkingOne() {
        String mailbox = TestServers.newMailbox();
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN, mailbox, mailbox)) {
            client.selectFolder("INBOX");
            int before = Pools.size(POOL);
            String physicalBefore = client.currentConnection().toString();
            // Cut during an operation: between operations the connection is idle in the pool, and the
            // pool's check at reuse (a NOOP) would replace a dead one before any operation saw it.
            proxy.cutAtResponseContaining("SELECT completed");

            EmailConnectionException lost = assertThrows(EmailConnectionException.class,
                    () -> client.selectFolder("INBOX"));
            assertTrue(lost.getMessage().contains("failed"), lost.getMessage());
            assertEquals(before - 1, Pools.size(POOL), "the broken connection was destroyed, not returned");

            client.selectFolder("INBOX");
            assertEquals(List.of(), client.listMessages(), "the next operation ran on a fresh connection");
            assertEquals(before, Pools.size(POOL));
            assertEquals(0, Pools.inUse(POOL), "R14: none held between operations");
            assertEquals(physicalBefore, client.currentConnection().toString(), "the logical connection stays the same");
        }
    }
}
