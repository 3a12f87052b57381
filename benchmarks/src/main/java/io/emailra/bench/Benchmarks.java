package io.emailra.bench;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.ImapManagedConnectionFactory;
import io.emailra.ra.SmtpManagedConnectionFactory;
import io.emailra.testsupport.MailServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Runs the suites against the real Dovecot and Postfix (scripts/mail-servers.sh) and an in-process
 * GreenMail, and writes the tables to the file named by the first argument. The second argument
 * chooses suites, comma-separated (smtp-postfix, smtp-greenmail, imap-dovecot, imap-greenmail,
 * crowd, scale, journal: all these by default; network, over a played network ({@link NetworkRuns}),
 * only when named). Rounds and their length come from the system
 * properties {@code emailra.bench.warmUpRounds}, {@code .rounds}, {@code .roundMillis} and
 * {@code .threads} (the values of T, default 1,4,16); {@code .imapOperations} chooses the IMAP
 * operations (default FETCH,LIST_CACHED,SELECT_AND_LIST), {@code .crowdThreads} the threads of the
 * crowd suite on a pool of 10 (default 64). Mail
 * to Postfix goes to its discarding recipient, or with {@code -Demailra.bench.deliver=true} to a
 * Dovecot mailbox, waiting for every delivery between rounds.
 */
public final class Benchmarks {

    private static final List<Integer> THREADS = Stream.of(System.getProperty("emailra.bench.threads", "1,4,16")
            .split(",")).map(Integer::valueOf).toList();
    private static final List<ImapOperation> IMAP_OPERATIONS = Stream.of(System.getProperty(
            "emailra.bench.imapOperations", "FETCH,LIST_CACHED,SELECT_AND_LIST").split(","))
            .map(ImapOperation::valueOf).toList();
    private static final RoundRobin.Settings SETTINGS = new RoundRobin.Settings(
            Integer.getInteger("emailra.bench.warmUpRounds", 1), Integer.getInteger("emailra.bench.rounds", 9),
            Duration.ofMillis(Integer.getInteger("emailra.bench.roundMillis", 1500)));

    private final MailServers servers;
    private final Report report = new Report();
    private final GreenMail greenMail;
    /** The T=1 samples of every scenario, for the table of what emailra adds to one operation. */
    private final Map<String, Samples> overheads = new LinkedHashMap<>();

    private Benchmarks(MailServers servers, GreenMail greenMail) {
        this.servers = servers;
        this.greenMail = greenMail;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/benchmark-results.md");
        Set<String> suites = Set.of((args.length > 1 ? args[1] : "smtp-postfix,smtp-greenmail,imap-dovecot,imap-greenmail,crowd,scale,journal").split(","));
        MailServers servers = MailServers.load();
        // The plain Angus contenders and Simple Java Mail trust the test CA through the JVM's defaults.
        System.setProperty("javax.net.ssl.trustStore", servers.trustStore());
        System.setProperty("javax.net.ssl.trustStorePassword", servers.trustStorePassword());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        GreenMail greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        try {
            new Benchmarks(servers, greenMail).run(suites, out);
        } finally {
            greenMail.stop();
        }
    }

    private void run(Set<String> suites, Path out) throws Exception {
        report.line("## Run of " + Instant.now())
                .line("")
                .line("JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                        + Runtime.getRuntime().availableProcessors() + " processors, max heap "
                        + (Runtime.getRuntime().maxMemory() >> 20) + " MB, " + System.getProperty("os.name") + " "
                        + System.getProperty("os.version"));
        if (suites.stream().anyMatch(suite -> !suite.equals("network"))) { // the network suite has rounds of its own
            report.line("").line("Rounds: " + SETTINGS.warmUpRounds() + " warm-up + " + SETTINGS.rounds()
                    + " measured per contender and T, contenders alternating, " + SETTINGS.roundTime().toMillis()
                    + " ms of work per contender and round.");
        }
        try (EmailraPools pools = new EmailraPools(servers)) {
            smtp(pools, suites);
            imap(pools, suites);
            if (suites.contains("crowd")) {
                crowd(pools);
            }
            if (!overheads.isEmpty()) {
                overheads();
            }
            if (suites.contains("scale")) {
                scale(pools);
            }
            if (suites.contains("network")) {
                new NetworkRuns(pools, report).run(Endpoint.postfix(servers, servers.users().get(0)), sink(),
                        Endpoint.dovecot(servers, servers.users().get(3)));
            }
        }
        if (suites.contains("journal")) {
            Path directory = Files.createTempDirectory(out.toAbsolutePath().getParent(), "journal");
            report.line("").line("## ON_COMMIT: the journal (one message of 1 KB per transaction, forced to disk)");
            report.table("Transactions recorded per second", "transactions", JournalContenders.FSYNC,
                    measure(JournalContenders.all(directory), recorded -> { }));
            Files.delete(directory);
        }
        report.write(out);
    }

    private void smtp(EmailraPools pools, Set<String> suites) throws Exception {
        if (!suites.contains("smtp-postfix") && !suites.contains("smtp-greenmail")) {
            return;
        }
        report.line("").line("## SMTP: small messages sent per second");
        if (suites.contains("smtp-postfix")) {
            Endpoint postfix = Endpoint.postfix(servers, servers.users().get(0));
            if (Boolean.getBoolean("emailra.bench.deliver")) {
                String carol = servers.users().get(2);
                Deliveries toCarol = new Deliveries(servers.mailDirectory(carol));
                toCarol.clear();
                sendAll(pools, postfix, carol, toCarol);
            } else {
                sendAll(pools, postfix, sink(), sent -> { });
            }
        }
        if (suites.contains("smtp-greenmail")) {
            greenMail.setUser("sender@localhost", "sender@localhost", "sender@localhost");
            sendAll(pools, Endpoint.greenMail(greenMail.getSmtp().getPort(), "sender@localhost"), "inbox@localhost",
                    sent -> emptyGreenMail());
        }
    }

    private void emptyGreenMail() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("cannot empty GreenMail's mailboxes", e);
        }
    }

    private void sendAll(EmailraPools pools, Endpoint endpoint, String to, IntConsumer betweenRounds) throws Exception {
        EmailraPools.Pooled<SmtpClientFactory> emailra = pools.pooled(new SmtpManagedConnectionFactory(), endpoint,
                SmtpContenders.POOL, Duration.ofSeconds(30));
        Map<Integer, Samples> results = measure(new SmtpContenders(endpoint, to).all(emailra), betweenRounds);
        emailra.pool().close();
        report.table(endpoint.label(), "messages", SmtpContenders.HAND_WRITTEN, results);
        keepForOverheads("SMTP send, " + endpoint.label(), results);
    }

    /** Every T in turn, the contenders closed afterwards. */
    private static Map<Integer, Samples> measure(List<Contender> contenders, IntConsumer betweenRounds)
            throws Exception {
        RoundRobin harness = new RoundRobin(SETTINGS, betweenRounds);
        Map<Integer, Samples> results = new LinkedHashMap<>();
        try {
            for (int threads : THREADS) {
                results.put(threads, harness.run(contenders, threads));
            }
        } finally {
            for (Contender contender : contenders) {
                contender.close();
            }
        }
        return results;
    }

    private void keepForOverheads(String title, Map<Integer, Samples> results) {
        if (results.containsKey(1)) {
            overheads.put(title, results.get(1));
        }
    }

    private void imap(EmailraPools pools, Set<String> suites) throws Exception {
        if (!suites.contains("imap-dovecot") && !suites.contains("imap-greenmail")) {
            return;
        }
        report.line("").line("## IMAP: operations per second on one folder of " + Mailbox.MESSAGES + " small messages");
        greenMail.setUser("reader@localhost", "reader@localhost", "reader@localhost");
        List<Endpoint> endpoints = new ArrayList<>();
        if (suites.contains("imap-dovecot")) {
            endpoints.add(Endpoint.dovecot(servers, servers.users().get(3)));
        }
        if (suites.contains("imap-greenmail")) {
            endpoints.add(Endpoint.greenMail(greenMail.getImap().getPort(), "reader@localhost"));
        }
        for (Endpoint endpoint : endpoints) {
            EmailraPools.Pooled<ImapClientFactory> emailra = pools.pooled(new ImapManagedConnectionFactory(),
                    endpoint, 16, Duration.ofSeconds(30));
            Mailbox mailbox = mailbox(emailra.factory(), endpoint);
            Endpoint raw = angusUser(pools, endpoint, 2, mailbox);
            Endpoint angusPool = angusUser(pools, endpoint, 1, mailbox);
            for (ImapOperation operation : IMAP_OPERATIONS) {
                Map<Integer, Samples> results = measure(
                        new ImapContenders(raw, angusPool, mailbox, operation).all(emailra), done -> { });
                report.table(endpoint.label() + ": " + operation.unit(), operation.unit(), ImapContenders.RAW, results);
                keepForOverheads("IMAP " + operation.unit() + ", " + endpoint.label(), results);
            }
            emailra.pool().close(); // its idle connections would count against the user's limit later on
        }
    }

    private static Mailbox mailbox(ImapClientFactory emailra, Endpoint endpoint) {
        try (ImapClient client = emailra.getClient(AllocationMode.USE_MAIN)) {
            return Mailbox.fill(client, endpoint.user());
        }
    }

    /**
     * Where an Angus contender reads: on a server that limits connections per user, a user of its own
     * (the test servers' user of that index) with the same folder, filled through a pool closed
     * afterwards; elsewhere the endpoint itself.
     */
    private Endpoint angusUser(EmailraPools pools, Endpoint endpoint, int user, Mailbox mailbox) {
        if (endpoint.connectionsPerUser() == Integer.MAX_VALUE) {
            return endpoint;
        }
        Endpoint own = endpoint.as(servers.users().get(user));
        EmailraPools.Pooled<ImapClientFactory> filler = pools.pooled(new ImapManagedConnectionFactory(), own, 1,
                Duration.ofSeconds(30));
        try (ImapClient client = filler.factory().getClient(AllocationMode.USE_MAIN)) {
            mailbox.copy(client, own.user());
        } finally {
            filler.pool().close();
        }
        return own;
    }

    /**
     * More threads than connections, against the servers as shipped: emailra's pool of 10 (Dovecot's
     * limit per user) under T threads, for IMAP fetches and SMTP sends, with the errors and the
     * physical connections open at the end. One IMAPStore per thread cannot run there: it is tried
     * once, and the refusals counted.
     */
    private void crowd(EmailraPools pools) throws Exception {
        int threads = Integer.getInteger("emailra.bench.crowdThreads", 64);
        int poolSize = Endpoint.DOVECOT_CONNECTIONS_PER_USER;
        report.line("").line("## " + threads + " threads on an emailra pool of " + poolSize + " (non-managed, "
                        + "maxSize " + poolSize + "), servers as shipped").line("")
                .line("| operation | T | contender | operations/s, median | min–max | ratio to the hand-written, median "
                        + "| errors | physical connections open at the end |")
                .line("|---|---:|---|---:|---:|---:|---:|---:|");

        Endpoint dovecot = Endpoint.dovecot(servers, servers.users().get(3));
        EmailraPools.Pooled<ImapClientFactory> imap = pools.pooled(new ImapManagedConnectionFactory(), dovecot,
                poolSize, Duration.ofSeconds(30));
        ImapContenders fetches = new ImapContenders(dovecot.as(servers.users().get(2)), null,
                mailbox(imap.factory(), dovecot), ImapOperation.FETCH);
        crowdRows("IMAP fetch (Dovecot, STARTTLS)", threads, List.of(fetches.emailra(imap)), null);
        int[] refusedAndOpen = fetches.connectStores(threads);
        report.line("| IMAP fetch (Dovecot, STARTTLS) | " + threads + " | " + ImapContenders.RAW + " | cannot run: "
                + threads + " connections for one user exceed Dovecot's limit of " + poolSize + "; tried once, "
                + refusedAndOpen[1] + " stores connected and " + refusedAndOpen[0] + " refused with [LIMIT] | | | "
                + refusedAndOpen[0] + " | 0 (closed) |");
        imap.pool().close();

        Endpoint postfix = Endpoint.postfix(servers, servers.users().get(0));
        crowdRows("SMTP send (Postfix, STARTTLS)", threads, new SmtpContenders(postfix, sink()).crowd(
                pools.pooled(new SmtpManagedConnectionFactory(), postfix, poolSize, Duration.ofSeconds(30))),
                SmtpContenders.HAND_WRITTEN);
    }

    /** The contenders on T threads, round by round; a failure is reported as the row's error instead of ending the run. */
    private void crowdRows(String operation, int threads, List<Contender> contenders, String reference)
            throws Exception {
        try {
            Samples samples = measure(contenders, threads);
            for (String contender : samples.contenders()) {
                double[] values = samples.of(contender);
                report.line(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f–%.1f | %s | 0 | %s |", operation,
                        threads, samples.label(contender), Samples.median(values), Samples.min(values),
                        Samples.max(values), reference == null ? "—"
                                : String.format(Locale.ROOT, "%.2f", Samples.median(samples.ratios(contender, reference))),
                        samples.connectionsOpen(contender)));
            }
        } catch (IllegalStateException e) {
            report.line("| " + operation + " | " + threads + " | " + contenders.get(0).name() + " | failed | | | ≥ 1: `"
                    + e.getCause() + "` | |");
        }
    }

    /** One T, the contenders closed afterwards. */
    private static Samples measure(List<Contender> contenders, int threads) throws Exception {
        try {
            return new RoundRobin(SETTINGS, done -> { }).run(contenders, threads);
        } finally {
            for (Contender contender : contenders) {
                contender.close();
            }
        }
    }

    private void overheads() {
        report.line("").line("## What emailra adds to one operation (T=1, medians of the same rounds)").line("")
                .line("| operation | hand-written, per op | emailra, per op | emailra/hand-written throughput "
                        + "| hand-written client CPU per op | emailra client CPU per op | CPU emailra adds |")
                .line("|---|---:|---:|---:|---:|---:|---:|");
        overheads.forEach((title, samples) -> report.overhead(title, samples, title.startsWith("SMTP")
                        ? SmtpContenders.EMAILRA_DEFAULT : ImapContenders.EMAILRA,
                title.startsWith("SMTP") ? SmtpContenders.HAND_WRITTEN : ImapContenders.RAW));
    }

    private void scale(EmailraPools pools) throws Exception {
        int callers = Integer.getInteger("emailra.bench.callers", 1000);
        int poolSize = 32;
        report.line("").line("## Scale: " + callers + " concurrent callers, a pool of " + poolSize + ", USE_DEFAULT")
                .line("")
                .line("| work of each caller | callers | pool | wall time | errors | median call | p99 call "
                        + "| heap before → peak | connections open after | in use after |")
                .line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Endpoint dovecot = Endpoint.dovecot(servers, servers.users().get(3));
        EmailraPools.Pooled<ImapClientFactory> imap = pools.pooled(new ImapManagedConnectionFactory(), dovecot,
                poolSize, Duration.ofMinutes(5));
        Mailbox mailbox;
        try (ImapClient client = imap.factory().getClient(AllocationMode.USE_MAIN)) {
            mailbox = Mailbox.fill(client, dovecot.user());
        }
        report.scale(ScaleRun.run("IMAP (Dovecot): select, fetch one message", callers, poolSize, caller -> {
            try (ImapClient client = imap.factory().getClient(AllocationMode.USE_DEFAULT)) {
                client.selectFolder(Mailbox.FOLDER);
                client.fetchMessage(mailbox.uid(caller));
            }
        }, imap.pool(), imap.managed()));

        Endpoint postfix = Endpoint.postfix(servers, servers.users().get(0));
        EmailraPools.Pooled<SmtpClientFactory> smtp = pools.pooled(new SmtpManagedConnectionFactory(), postfix,
                poolSize, Duration.ofMinutes(5));
        report.scale(ScaleRun.run("SMTP (Postfix): send one message", callers, poolSize, caller -> {
            try (SmtpClient client = smtp.factory().getClient(AllocationMode.USE_DEFAULT)) {
                client.send(Letters.mime(postfix.user(), sink(), caller));
            }
        }, smtp.pool(), smtp.managed()));
    }

    /** Postfix's discarding recipient (scripts/mail-servers.sh): it takes the message, and Dovecot never sees it. */
    private String sink() {
        String user = servers.users().get(0);
        return "sink" + user.substring(user.indexOf('@'));
    }
}
