package io.emailra.ra;

import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each connection factory in JMX, read as an operator's tool does (attributes of
 * {@code io.emailra:type=ConnectionFactory,...} in the platform MBean server), against GreenMail.
 */
class MonitoringTest {

    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();
    private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();

    @Test
    void aFactoryShowsItsOperationsMessagesAndConnectionsAndLeavesWhenClosed() throws Exception {
        String user = MAIL.newUser();
        SmtpManagedConnectionFactory smtpManaged = MAIL.configure(new SmtpManagedConnectionFactory(), user);
        ImapManagedConnectionFactory imapManaged = MAIL.configure(new ImapManagedConnectionFactory(), user);
        NonManagedConnectionManager smtpPool = MAIL.pool(smtpManaged, 2);
        NonManagedConnectionManager imapPool = MAIL.pool(imapManaged, 2);
        SmtpClientFactory smtp = MAIL.clientFactory(smtpManaged, smtpPool);
        ImapClientFactory imap = MAIL.clientFactory(imapManaged, imapPool);
        ObjectName smtpName = only("SMTP", user);
        ObjectName imapName = only("IMAP", user);

        try (SmtpClient client = smtp.getClient()) {
            for (int i = 0; i < 3; i++) {
                client.send(MailServerExtension.message(user, user, "monitored " + i, "x"));
            }
            assertEquals(0, MBEANS.getAttribute(smtpName, "PhysicalConnectionsInUse"), "R14: none held between operations");
            client.createConnection().close();
            TabularData logical = (TabularData) MBEANS.getAttribute(smtpName, "LogicalConnectionsOpen");
            assertEquals(1, logical.get(new Object[]{"main"}).get("value"), "the client's main connection");
            assertEquals(0, logical.get(new Object[]{"independent"}).get("value"), "created and closed");
        }
        TabularData logical = (TabularData) MBEANS.getAttribute(smtpName, "LogicalConnectionsOpen");
        assertEquals(0, logical.get(new Object[]{"main"}).get("value"), "released with its client");
        try (ImapClient client = imap.getClient()) {
            client.selectFolder("INBOX");
            assertThrows(EmailProtocolException.class, () -> client.selectFolder("no such folder"));
        }

        assertEquals(3L, MBEANS.getAttribute(smtpName, "Sends"));
        assertEquals(3L, MBEANS.getAttribute(smtpName, "MessagesSent"));
        assertEquals(3L, MBEANS.getAttribute(smtpName, "OperationsOk"));
        assertEquals(0, MBEANS.getAttribute(smtpName, "PhysicalConnectionsInUse"), "all given back");
        assertEquals(1, MBEANS.getAttribute(smtpName, "PhysicalConnectionsOpen"));
        assertEquals(1, MBEANS.getAttribute(smtpName, "PhysicalConnectionsIdle"));
        assertEquals(3L, MBEANS.getAttribute(smtpName, "LatencyCount"));
        double p50 = (Double) MBEANS.getAttribute(smtpName, "LatencyP50Millis");
        assertTrue(p50 > 0 && p50 <= (Double) MBEANS.getAttribute(smtpName, "LatencyMaxMillis"), "p50 " + p50);
        TabularData byOperation = (TabularData) MBEANS.getAttribute(smtpName, "LatencyByOperation");
        CompositeData send = (CompositeData) byOperation.get(new Object[]{"send"}).get("value");
        assertEquals(3L, send.get("count"), "three sends, timed under their method's name");
        assertTrue((Double) send.get("p99Millis") <= (Double) send.get("maxMillis"));
        assertEquals(1L, MBEANS.getAttribute(imapName, "OperationsOk"));
        assertEquals(1L, MBEANS.getAttribute(imapName, "OperationsRefused"));
        assertEquals(0, MBEANS.getAttribute(imapName, "PhysicalConnectionsInUse"));
        assertEquals("imap://127.0.0.1:" + MAIL.greenMail().getImap().getPort() + " as " + user,
                MBEANS.getAttribute(imapName, "Server"));
        for (String attribute : attributes(smtpName)) {
            assertFalse(attribute.toLowerCase().contains("password") || attribute.toLowerCase().contains("secret"), attribute);
        }

        smtpManaged.close();
        imapManaged.close();
        assertFalse(MBEANS.isRegistered(smtpName), "closed: out of JMX");
        assertFalse(MBEANS.isRegistered(imapName));
    }

    /** One connection, held by a POP3 session: the same user waits under its cap, another user for the pool. */
    @Test
    void waitsUnderTheUsersCapAndForTheFullPoolAreCountedApart() throws Exception {
        String user = MAIL.newUser();
        String other = MAIL.newUser();
        Pop3ManagedConnectionFactory managed = MAIL.configure(new Pop3ManagedConnectionFactory(), user);
        Pop3ClientFactory pop3 = MAIL.clientFactory(managed, MAIL.pool(managed, 1));
        ObjectName name = only("POP3", user);
        try (Pop3Client holder = pop3.getClient(); Pop3Client sameUser = pop3.getClient();
             Pop3Client otherUser = pop3.getClient(other, other)) {
            holder.messageCount(); // a POP3 session keeps its one connection until it ends
            assertThrows(EmailConnectionException.class, sameUser::messageCount, "the 2 s wait ran out");
            assertThrows(EmailConnectionException.class, otherUser::messageCount, "the 2 s wait ran out");
        }
        // One 2 s wait under the cap (the same user's); a free take preempted for over 0.1 ms counts too.
        assertTrue((Long) MBEANS.getAttribute(name, "CapWaits") >= 1);
        assertTrue((Double) MBEANS.getAttribute(name, "CapWaitMillisMax") >= 1900, "it waited the pool's 2 s");
        assertTrue((Double) MBEANS.getAttribute(name, "CapWaitMillisTotal") < 3000, "the other user's wait is no cap wait");
        assertEquals(1L, MBEANS.getAttribute(name, "PoolWaits"));
        assertTrue((Double) MBEANS.getAttribute(name, "PoolWaitMillisMax") >= 1900, "it waited the pool's 2 s");
        managed.close();
    }

    @Test
    void aWrongPasswordIsCountedAsAnAuthenticationFailure() throws Exception {
        String user = MAIL.newUser();
        ImapManagedConnectionFactory managed = MAIL.configure(new ImapManagedConnectionFactory(), user);
        managed.setPassword("wrong");
        ImapClientFactory imap = MAIL.clientFactory(managed, MAIL.pool(managed, 1));
        try (ImapClient client = imap.getClient()) {
            assertThrows(RuntimeException.class, () -> client.selectFolder("INBOX"));
        }
        ObjectName name = only("IMAP", user);
        assertEquals(1L, MBEANS.getAttribute(name, "AuthenticationFailures"));
        assertEquals(0, MBEANS.getAttribute(name, "PhysicalConnectionsOpen"));
        TabularData evictions = (TabularData) MBEANS.getAttribute(name, "Evictions"); // a Map, as JMX shows one
        for (String cause : List.of("connection_failure", "validation_failure", "cleanup_failure")) {
            assertEquals(0L, evictions.get(new Object[]{cause}).get("value"), cause + ": none was ever opened");
        }
        managed.close();
    }

    private static ObjectName only(String protocol, String user) throws Exception {
        Set<ObjectName> names = MBEANS.queryNames(new ObjectName("io.emailra:type=ConnectionFactory,protocol=" + protocol
                + ",*"), null);
        ObjectName found = null;
        for (ObjectName name : names) {
            if (String.valueOf(MBEANS.getAttribute(name, "Server")).endsWith(" as " + user)) {
                assertEquals(null, found, "one view per factory");
                found = name;
            }
        }
        assertTrue(found != null, protocol + " factory of " + user + " in " + names);
        return found;
    }

    private static String[] attributes(ObjectName name) throws Exception {
        return java.util.Arrays.stream(MBEANS.getMBeanInfo(name).getAttributes()).map(a -> a.getName()).toArray(String[]::new);
    }
}
