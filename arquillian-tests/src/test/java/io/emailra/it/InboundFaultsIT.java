package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SearchQuery;
import io.emailra.it.inbound.CountingMailListener;
import io.emailra.it.inbound.MdbDescriptors;
import io.emailra.it.support.Asadmin;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inbound delivery through faults, with a message-driven bean in an application of its own whose
 * activation reaches the real Dovecot through a {@link TcpProxy}: 500 messages arrive while the proxy
 * cuts the connections (the IDLE one in the middle of its IDLE, and all of them at once) and Dovecot
 * restarts — none is missed; undeploying the bean closes its connections and ends its work; and a
 * POP3 bean delivers what its filter takes, deletes it, and gives up on a message after its attempts.
 */
@ExtendWith(ArquillianExtension.class)
class InboundFaultsIT {

    private static final String USER = TestServers.DOVECOT_LIMITS_USER;
    private static final String FOLDER = "emailra-faults-it";
    private static final String HANDLED = FOLDER + "-handled";
    private static final int PROXY_PORT = 3246;
    private static final String BEAN = "CountingMailListener";
    private static final String POP3_USER = "dave@emailra.test";

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("inbound-faults", InboundFaultsIT.class, CountingMailListener.class, MdbDescriptors.class);
    }

    @Resource(lookup = TestServers.DOVECOT_LIMITS_JNDI)
    ImapClientFactory imap;

    @Resource(lookup = TestServers.DOVECOT_IMAP_JNDI)
    ImapClientFactory anyUser;

    private TcpProxy proxy;
    private Path war;

    @BeforeEach
    void folders() throws IOException {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            List<String> existing = client.listFolders().stream().map(FolderInfo::fullName).toList();
            for (String folder : List.of(FOLDER, HANDLED)) {
                if (!existing.contains(folder)) {
                    client.createFolder(folder);
                }
            }
        }
        war = Files.createTempFile("inbound-bean", ".war");
    }

    @AfterEach
    void undeployAndCloseProxy() throws IOException {
        Asadmin.run("undeploy", BEAN);
        if (proxy != null) {
            proxy.close();
        }
        Files.deleteIfExists(war);
    }

    /** An IMAP bean on FOLDER, moving what it handled to HANDLED. */
    private void deployImapBean() throws IOException {
        deployImapBean(Map.of());
    }

    private void deployImapBean(Map<String, String> more) throws IOException {
        Map<String, String> settings = new HashMap<>(Map.of("folder", FOLDER, "afterDelivery", "MOVE:" + HANDLED));
        settings.putAll(more);
        deployBean("imap", settings);
    }

    /**
     * The bean's application, its activation config the settings given and the server's port through
     * the proxy, in plain text (the proxy must read IDLE's "+ idling" to cut there).
     */
    private void deployBean(String port, Map<String, String> settings) throws IOException {
        MailServers servers = MailServers.load();
        proxy = new TcpProxy(PROXY_PORT, servers.port(port));
        Map<String, String> config = new HashMap<>(Map.of("host", servers.host(), "port", String.valueOf(PROXY_PORT),
                "transportSecurity", "NONE", "userName", USER, "password", MailServers.password(USER)));
        config.putAll(settings);
        ShrinkWrap.create(WebArchive.class, BEAN + ".war").addClasses(CountingMailListener.class)
                .addAsWebInfResource(new StringAsset(MdbDescriptors.ejbJar(config, BEAN)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(MdbDescriptors.glassfishEjbJar(BEAN)), "glassfish-ejb-jar.xml")
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        Asadmin.require("deploy", "--name", BEAN, war.toString());
        Await.until("the bean's activation connected through the proxy", Duration.ofSeconds(30),
                () -> proxy.openConnections() > 0 ? Optional.of(true) : Optional.empty());
    }

    private Map<String, Long> delivered(String prefix) {
        return CountingMailListener.deliveries().stream().filter(subject -> subject.startsWith(prefix))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void noneOfFiveHundredMessagesIsMissedWhileTheConnectionIsCutAndDovecotRestarts() throws IOException {
        deployImapBean();
        String run = "fault " + UUID.randomUUID() + " #";
        long start = System.nanoTime();
        int batches = 10;
        int perBatch = 50;
        int restarts = 0;
        for (int batch = 0; batch < batches; batch++) {
            try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
                for (int i = batch * perBatch; i < (batch + 1) * perBatch; i++) {
                    client.appendMessage(FOLDER, Mail.message(USER, run + i, "body " + i));
                }
            }
            if (batch == batches / 2) {
                MailServers servers = MailServers.load();
                servers.stop("dovecot");
                servers.startAll();
                restarts++;
            } else if (batch % 2 == 0) {
                proxy.cutAtResponseContaining("+ idling"); // the IDLE connection, when it next starts to wait
            } else {
                proxy.cutAll();
            }
        }
        Set<String> expected = IntStream.range(0, batches * perBatch).mapToObj(i -> run + i).collect(Collectors.toSet());
        Map<String, Long> all = Await.until("500 messages delivered", Duration.ofSeconds(300),
                () -> Optional.of(delivered(run)).filter(map -> map.keySet().containsAll(expected)));
        double seconds = (System.nanoTime() - start) / 1e9;
        long duplicates = all.values().stream().mapToLong(count -> count - 1).sum();
        System.out.printf("emailra inbound faults: %d messages delivered in %.1f s through %d cuts and %d Dovecot restart;"
                + " %d delivered twice%n", expected.size(), seconds, proxy.cuts(), restarts, duplicates);
        assertEquals(expected, all.keySet(), "every message, nothing else");
        assertTrue(duplicates <= proxy.cuts() + restarts, "at most one redelivery per fault, not " + duplicates);
        Await.until("all 500 in " + HANDLED, Duration.ofSeconds(60), () -> count(HANDLED, run) == expected.size()
                ? Optional.of(true) : Optional.empty());
        assertEquals(0, count(FOLDER, run), "none left in the watched folder");
    }

    private int count(String folder, String subjectPrefix) {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            return count(client, folder, subjectPrefix);
        }
    }

    private static int count(ImapClient client, String folder, String subjectPrefix) {
        client.examineFolder(folder);
        return client.searchUids(SearchQuery.subject(subjectPrefix)).size();
    }

    /** Dave's mailbox, whose INBOX the POP3 test uses: a small one (carol's INBOX holds what many tests sent). */
    private ImapClient pop3Mailbox() {
        return anyUser.getClient(AllocationMode.USE_MAIN, POP3_USER, MailServers.password(POP3_USER));
    }

    @Test
    void undeployingTheBeanClosesItsConnectionsAndEndsItsWork() throws IOException {
        deployImapBean();
        String subject = "undeploy " + UUID.randomUUID();
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.appendMessage(FOLDER, Mail.message(USER, subject, "before undeploying"));
        }
        Await.until("the message delivered", Duration.ofSeconds(30),
                () -> delivered(subject).isEmpty() ? Optional.empty() : Optional.of(true));
        assertTrue(workThreads().length > 0, "the activation's work runs (the check below cannot pass vacuously)");
        long start = System.nanoTime();
        Asadmin.require("undeploy", BEAN);
        System.out.printf("emailra inbound: undeploying the bean took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        Await.until("the bean's connections closed", Duration.ofSeconds(10),
                () -> proxy.openConnections() == 0 ? Optional.of(true) : Optional.empty());
        assertEquals(0, workThreads().length, "no thread left in the activation's work: " + Arrays.toString(workThreads()));
    }

    /**
     * What an activation that died left behind — a message claimed in the folder but not moved, one
     * moved into the claim folder but not delivered, both with the dead activation's marker — is
     * delivered once the claim timeout passed.
     */
    @Test
    void whatADeadActivationClaimedIsDeliveredAfterTheClaimTimeout() throws IOException {
        String run = "abandoned " + UUID.randomUUID() + " #";
        String claimFolder = "emailra-processing-" + FOLDER;
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            if (client.listFolders().stream().noneMatch(folder -> folder.fullName().equals(claimFolder))) {
                client.createFolder(claimFolder);
            }
            for (String folder : List.of(FOLDER, claimFolder)) {
                long uid = client.appendMessage(folder, Mail.message(USER, run + folder, "left behind")).getAsLong();
                client.selectFolder(folder);
                client.addFlags(List.of(uid), Set.of(), Set.of("emailra-claimed", "emailra-claimed.deadbeef"));
            }
        }
        deployImapBean(Map.of("claimTimeoutMillis", "3000"));
        Set<String> expected = Set.of(run + FOLDER, run + claimFolder);
        Map<String, Long> all = Await.until("both delivered", Duration.ofSeconds(60),
                () -> Optional.of(delivered(run)).filter(map -> map.keySet().equals(expected)));
        assertEquals(Map.of(run + FOLDER, 1L, run + claimFolder, 1L), all, "each once");
        Await.until("both in " + HANDLED, Duration.ofSeconds(30),
                () -> count(HANDLED, run) == 2 ? Optional.of(true) : Optional.empty());
    }

    /**
     * POP3: the bean takes the messages its filter takes (the run's), each deleted once delivered; the
     * others stay; one the bean refuses is delivered twice (maxDeliveryAttempts) and then left alone.
     */
    @Test
    void aPop3BeanDeliversWhatItsFilterTakesAndDeletesIt() throws IOException {
        String run = UUID.randomUUID().toString();
        try (ImapClient client = pop3Mailbox()) {
            for (int i = 0; i < 30; i++) {
                client.appendMessage("INBOX", Mail.message(POP3_USER, "pop3 " + run + " #" + i, "body " + i));
            }
            client.appendMessage("INBOX", Mail.message(POP3_USER, "fail " + run, "refused"));
            client.appendMessage("INBOX", Mail.message(POP3_USER, "other " + run.substring(0, 8), "not for the bean"));
        }
        deployBean("pop3", Map.of("protocol", "POP3", "filter", "SUBJECT:" + run, "maxDeliveryAttempts", "2",
                "pollIntervalMillis", "500", "userName", POP3_USER, "password", MailServers.password(POP3_USER)));
        Set<String> expected = IntStream.range(0, 30).mapToObj(i -> "pop3 " + run + " #" + i).collect(Collectors.toSet());
        Await.until("the 30 messages delivered and deleted", Duration.ofSeconds(60),
                () -> delivered("pop3 " + run).keySet().equals(expected) && inbox("pop3 " + run) == 0
                        ? Optional.of(true) : Optional.empty());
        Await.until("the refused message tried twice", Duration.ofSeconds(30),
                () -> delivered("fail " + run).getOrDefault("fail " + run, 0L) == 2 ? Optional.of(true) : Optional.empty());
        proxy.recordRequests(); // each look ends with QUIT, which makes its deletions take effect
        Await.until("two more looks at the mailbox", Duration.ofSeconds(30),
                () -> proxy.requests().split("QUIT", -1).length > 2 ? Optional.of(true) : Optional.empty());
        assertEquals(2L, delivered("fail " + run).get("fail " + run), "given up after its two attempts");
        assertEquals(1, inbox("fail " + run), "left on the server");
        assertEquals(1, inbox("other " + run.substring(0, 8)), "what the filter did not take stays");
    }

    private int inbox(String subjectPrefix) {
        try (ImapClient client = pop3Mailbox()) {
            return count(client, "INBOX", subjectPrefix);
        }
    }

    /** The threads running an activation's work now (its class on their stack). */
    private static Thread[] workThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith("io.emailra.ra.inbound.MailboxPoller")))
                .map(Map.Entry::getKey).toArray(Thread[]::new);
    }
}
