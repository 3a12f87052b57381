package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailClient;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.SearchQuery;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak (Maven profile {@code soak}; {@code emailra.soak.seconds}, default 300): 8 threads mix
 * the three modes and IMAP, POP3 and SMTP against the real servers behind proxies that cut
 * connections every few seconds, while Dovecot and Postfix are each restarted once. At the end every
 * message {@code send} accepted is in its mailbox exactly once, nothing is duplicated, no pool has a
 * connection in use and no thread is stuck. The figures go to {@code target/soak-report.md}.
 */
class SoakIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static final int THREADS = 8;

    private final String sender = SERVERS.users().get(0);
    private final String recipient = SERVERS.users().get(2);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Set<String> ambiguous = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> operations = new ConcurrentHashMap<>();
    private final AtomicInteger connectionFailures = new AtomicInteger();
    private final AtomicInteger recoveries = new AtomicInteger();
    private final List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void mixedLoadSurvivesCutsAndRestartsWithoutLosingDuplicatingOrLeaking() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("emailra.soak.seconds", 300));
        try (TcpProxy imapProxy = new TcpProxy(12143, SERVERS.port("imap"));
             TcpProxy pop3Proxy = new TcpProxy(12110, SERVERS.port("pop3"));
             TcpProxy smtpProxy = new TcpProxy(12587, SERVERS.port("submission"))) {
            ImapManagedConnectionFactory imapManaged = throughProxy(new ImapManagedConnectionFactory(), imapProxy, recipient);
            Pop3ManagedConnectionFactory pop3Managed = throughProxy(new Pop3ManagedConnectionFactory(), pop3Proxy, recipient);
            SmtpManagedConnectionFactory smtpManaged = throughProxy(new SmtpManagedConnectionFactory(), smtpProxy, sender);
            NonManagedConnectionManager imapPool = POOLS.pool(imapManaged, 12);
            NonManagedConnectionManager pop3Pool = POOLS.pool(pop3Managed, 12);
            NonManagedConnectionManager smtpPool = POOLS.pool(smtpManaged, 12);
            ImapClientFactory imap = POOLS.clientFactory(imapManaged, imapPool);
            Pop3ClientFactory pop3 = POOLS.clientFactory(pop3Managed, pop3Pool);
            SmtpClientFactory smtp = POOLS.clientFactory(smtpManaged, smtpPool);

            Map<AllocationMode, SmtpClient> smtpClients = clients(smtp::getClient);
            Map<AllocationMode, ImapClient> imapClients = clients(imap::getClient);
            Pop3Client pop3Client = pop3.getClient(AllocationMode.USE_DEFAULT);

            long deadline = System.nanoTime() + duration.toNanos();
            ExecutorService workers = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.submit(() -> work(thread, deadline, smtpClients, imapClients, pop3Client));
            }
            int restarts = injectFaults(duration, deadline, List.of(imapProxy, pop3Proxy, smtpProxy));
            workers.shutdown();
            boolean finished = workers.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS);

            smtpClients.values().forEach(EmailClient::close);
            imapClients.values().forEach(EmailClient::close);
            pop3Client.close();
            int cuts = imapProxy.cuts() + pop3Proxy.cuts() + smtpProxy.cuts();
            int leaked = imapPool.activeCount() + pop3Pool.activeCount() + smtpPool.activeCount();

            Map<String, Long> delivered = deliveredCopies();
            long lost = accepted.stream().filter(s -> !delivered.containsKey(s)).count();
            Map<String, Set<String>> transactions = smtpTransactionsOfCopies(delivered);
            long duplicated = transactions.values().stream().filter(ids -> ids.size() > 1).count();
            long redelivered = transactions.values().stream().filter(ids -> ids.size() == 1).count();
            long ambiguousDelivered = ambiguous.stream().filter(delivered::containsKey).count();
            report(duration, cuts, restarts, leaked, lost, duplicated, redelivered, ambiguousDelivered);

            assertTrue(finished, "a worker thread is stuck");
            assertTrue(unexpected.isEmpty(), "failures other than lost connections: " + unexpected);
            assertEquals(0, lost, "accepted messages missing from the mailbox");
            assertEquals(0, duplicated, "messages sent more than once (copies from different SMTP transactions)");
            assertEquals(0, leaked, "connections still in use");
            assertTrue(accepted.size() > 0 && cuts > 0 && restarts == 2, "the soak did too little to prove anything");
        }
    }

    private static <M extends MailManagedConnectionFactory<?>> M throughProxy(M managed, TcpProxy proxy, String user) {
        RealServerFactories.configure(SERVERS, managed, "imap", "STARTTLS", user);
        managed.setPort(proxy.port());
        managed.setReadTimeoutMillis(5_000);
        return managed;
    }

    private static <C> Map<AllocationMode, C> clients(Function<AllocationMode, C> open) {
        Map<AllocationMode, C> clients = new ConcurrentHashMap<>();
        for (AllocationMode mode : AllocationMode.values()) {
            clients.put(mode, open.apply(mode));
        }
        return clients;
    }

    private void work(int thread, long deadline, Map<AllocationMode, SmtpClient> smtp, Map<AllocationMode, ImapClient> imap,
                      Pop3Client pop3) {
        AllocationMode mode = AllocationMode.values()[thread % 3];
        boolean failedBefore = false;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            String subject = "soak " + run + " " + thread + "-" + i;
            String kind = switch (i % 4) {
                case 0, 1 -> "smtp send";
                case 2 -> "imap search";
                default -> "pop3 count";
            };
            try {
                switch (kind) {
                    case "smtp send" -> {
                        smtp.get(mode).send(message(sender, recipient, subject, "soak"));
                        accepted.add(subject);
                    }
                    case "imap search" -> {
                        ImapClient client = imap.get(mode);
                        client.selectFolder("INBOX");
                        client.search(SearchQuery.all().withSubject("soak " + run + " " + thread + "-"));
                    }
                    default -> pop3.messageCount();
                }
                operations.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                if (failedBefore) {
                    recoveries.incrementAndGet();
                    failedBefore = false;
                }
            } catch (EmailConnectionException e) {
                connectionFailures.incrementAndGet();
                failedBefore = true;
                if (kind.equals("smtp send")) {
                    ambiguous.add(subject); // it may have reached the server before the connection broke
                }
            } catch (RuntimeException e) {
                // A selected folder lost with its connection is expected: the next select restores it.
                if (!(e instanceof IllegalStateException)) {
                    unexpected.add(e);
                }
            }
        }
    }

    /** Cuts one proxy's connections every 3 s; restarts Dovecot at a third and Postfix at two thirds. */
    private int injectFaults(Duration duration, long deadline, List<TcpProxy> proxies) throws InterruptedException {
        long start = System.nanoTime();
        int restarts = 0;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            TimeUnit.SECONDS.sleep(3);
            proxies.get(round % proxies.size()).cutAll();
            long elapsed = System.nanoTime() - start;
            if (restarts == 0 && elapsed > duration.toNanos() / 3) {
                SERVERS.stop("dovecot");
                SERVERS.startAll();
                restarts++;
            } else if (restarts == 1 && elapsed > 2 * duration.toNanos() / 3) {
                SERVERS.stop("postfix");
                SERVERS.startAll();
                restarts++;
            }
        }
        return restarts;
    }

    /** Copies of each of this run's messages in the recipient's INBOX, once every accepted one arrived (or 2 min passed). */
    private Map<String, Long> deliveredCopies() {
        ImapManagedConnectionFactory direct = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", recipient);
        ImapClientFactory imap = POOLS.clientFactory(direct, POOLS.pool(direct, 1));
        try (ImapClient reader = imap.getClient()) {
            Map<String, Long> copies = new ConcurrentHashMap<>();
            try {
                Await.until("every accepted message delivered", Duration.ofMinutes(2), () -> {
                    copies.clear();
                    copies.putAll(copies(reader));
                    return copies.keySet().containsAll(accepted) ? Optional.of(true) : Optional.empty();
                });
            } catch (AssertionError stillMissing) {
                // reported as lost below
            }
            return copies;
        }
    }

    /**
     * For each message that arrived more than once, the Postfix queue ids of its copies: one id means
     * one SMTP transaction that the servers delivered twice (Postfix retries an LMTP delivery whose
     * reply was lost when Dovecot restarted); several mean emailra sent it more than once.
     */
    private Map<String, Set<String>> smtpTransactionsOfCopies(Map<String, Long> delivered) throws Exception {
        ImapManagedConnectionFactory direct = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", recipient);
        ImapClientFactory imap = POOLS.clientFactory(direct, POOLS.pool(direct, 1));
        Map<String, Set<String>> transactions = new ConcurrentHashMap<>();
        try (ImapClient reader = imap.getClient()) {
            reader.selectFolder("INBOX");
            for (MessageInfo copy : reader.search(SearchQuery.all().withSubject("soak " + run + " "))) {
                if (delivered.getOrDefault(copy.subject(), 0L) > 1) {
                    transactions.computeIfAbsent(copy.subject(), s -> ConcurrentHashMap.newKeySet())
                            .add(postfixQueueId(reader.fetchMessage(copy.uid())));
                }
            }
        }
        return transactions;
    }

    private static String postfixQueueId(jakarta.mail.internet.MimeMessage copy) throws Exception {
        for (String received : copy.getHeader("Received")) {
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\(Postfix\\).*? id (\\w+)")
                    .matcher(received.replaceAll("\\s+", " "));
            if (id.find()) {
                return id.group(1);
            }
        }
        throw new AssertionError("no Postfix queue id in " + List.of(copy.getHeader("Received")));
    }

    private Map<String, Long> copies(ImapClient reader) {
        reader.selectFolder("INBOX");
        return reader.search(SearchQuery.all().withSubject("soak " + run + " ")).stream()
                .collect(Collectors.groupingBy(MessageInfo::subject, Collectors.counting()));
    }

    private void report(Duration duration, int cuts, int restarts, int leaked, long lost, long duplicated,
                        long redelivered, long ambiguousDelivered) throws java.io.IOException {
        int total = operations.values().stream().mapToInt(AtomicInteger::get).sum();
        List<String> lines = new ArrayList<>(List.of(
                "| figure | value |", "|---|---|",
                "| duration | " + duration.toSeconds() + " s, " + THREADS + " threads |",
                "| operations completed | " + total + " (" + new java.util.TreeMap<>(operations) + ") |",
                "| faults injected | " + cuts + " connections cut, " + restarts + " server restarts |",
                "| operations failed with EmailConnectionException | " + connectionFailures.get() + " |",
                "| recoveries (a thread's next operation worked) | " + recoveries.get() + " |",
                "| messages accepted by send | " + accepted.size() + " |",
                "| lost (accepted, not delivered) | " + lost + " |",
                "| duplicated (sent twice by emailra) | " + duplicated + " |",
                "| delivered twice by the servers from one SMTP transaction (Dovecot restart during LMTP) | "
                        + redelivered + " |",
                "| sends that failed when the connection broke, delivered anyway (at most once each) | "
                        + ambiguousDelivered + " of " + ambiguous.size() + " |",
                "| connections leaked | " + leaked + " |"));
        Path report = Path.of("target", "soak-report.md");
        Files.write(report, lines);
        System.out.println(String.join(System.lineSeparator(), lines));
    }
}
