package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailAuthenticationException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-user credentials against the real Dovecot, in the container: two users interleaved through one
 * factory whose Payara pool holds at most two connections, for hundreds of operations, each only
 * ever seeing their own mailbox (R12); a wrong password is named without the password.
 */
@ExtendWith(ArquillianExtension.class)
class RealServerCredentialsIT {

    private static final String POOL = TestServers.DOVECOT_IMAP_POOL;
    private static final String ALICE = "alice@emailra.test";
    private static final String BOB = "bob@emailra.test";

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("credentials", RealServerCredentialsIT.class, ServerLog.class);
    }

    @Resource(lookup = TestServers.DOVECOT_IMAP_JNDI)
    ImapClientFactory imap;

    @Resource
    ManagedExecutorService executor;

    @AfterEach
    void noConnectionInUse() {
        assertEquals(0, Pools.inUse(POOL));
    }

    private static String password(String user) {
        return user.substring(0, user.indexOf('@')) + "-secret";
    }

    @Test
    void twoUsersThroughAPoolOfTwoOnlyEverSeeTheirOwnMailbox() throws Exception {
        String run = UUID.randomUUID().toString();
        for (String user : List.of(ALICE, BOB)) {
            try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN, user, password(user))) {
                client.appendMessage("INBOX", Mail.message(user, "owner " + user + " " + run, "mine"));
            }
        }
        List<Future<Integer>> workers = new ArrayList<>();
        for (int worker = 0; worker < 3; worker++) {
            int offset = worker;
            workers.add(executor.submit(() -> {
                int operations = 0;
                for (int i = 0; i < 50; i++) {
                    String user = (i + offset) % 2 == 0 ? ALICE : BOB;
                    try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN, user, password(user))) {
                        client.selectFolder("INBOX");
                        List<MessageInfo> owned = client.search(SearchQuery.all().withSubject("owner "));
                        for (MessageInfo message : owned) {
                            assertTrue(message.subject().startsWith("owner " + user + " "),
                                    user + " saw another mailbox's message: " + message.subject());
                        }
                        assertTrue(owned.stream().anyMatch(m -> m.subject().endsWith(run)), user + " lost its own");
                        operations += 3;
                    }
                }
                return operations;
            }));
        }
        int operations = 0;
        for (Future<Integer> worker : workers) {
            operations += worker.get(120, TimeUnit.SECONDS);
        }
        assertEquals(450, operations);
        assertTrue(Pools.size(POOL) <= 2, "the pool never held more than two connections");
    }

    @Test
    void aWrongPasswordNamesUserAndServerButNeverThePassword() {
        String wrong = "wrong-" + UUID.randomUUID();
        ServerLog log = ServerLog.capture();
        EmailAuthenticationException refused;
        try {
            refused = assertThrows(EmailAuthenticationException.class, () -> imap.getClient(ALICE, wrong).noop());
        } finally {
            log.stop();
        }
        assertTrue(refused.getMessage().contains(ALICE) && refused.getMessage().contains("imap://127.0.0.1:"),
                refused.getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.toString());
        }
        assertFalse(log.contains(wrong), "the server log shows the password");
    }
}
