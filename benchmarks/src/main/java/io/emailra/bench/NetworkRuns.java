package io.emailra.bench;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.ImapManagedConnectionFactory;
import io.emailra.ra.SmtpManagedConnectionFactory;
import io.emailra.testsupport.TcpProxy;
import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The suite "network": emailra and Angus over a played network of 0, 5 and 20 ms round-trip time (a
 * {@link TcpProxy} delaying each direction by half of it, a fresh one per RTT), to Postfix's
 * submission port and to Dovecot, both with STARTTLS. Over a real network an operation costs its round
 * trips, which the proxy counts. Each contender does its whole batch in one go, timed. At 0 ms a batch
 * takes a second or two and the machine's noise is the spread: several rounds, the contenders' order
 * rotating, medians; over a delay the wire dominates, and one round is taken. System properties:
 * {@code emailra.bench.network.rtts} (ms, default 0,5,20), {@code .messages} (the SMTP batch, default
 * 1000), {@code .connectMessages} (the per-message-connect contender's batch, default 50),
 * {@code .loopbackRounds} (the rounds at 0 ms, default 5). Figures are per message, so that batches
 * of different sizes compare.
 */
final class NetworkRuns {

    static final String PIPELINED = "emailra send(Collection), pipelining on";
    static final String TODAY = "emailra send(Collection), pipelining=false (today)";
    static final String KEPT_OPEN = "Angus, one Transport kept open, sendMessage per message";
    static final String PER_MESSAGE = "Angus, Transport.send per message (connect, STARTTLS, AUTH, send, QUIT)";
    static final String BATCH_FETCH = "emailra fetchMessages(uids)";
    static final String FETCH_LOOP = "emailra, fetchMessage(uid) per message";
    static final String ANGUS_LOOP = "Angus, getMessageByUID + writeTo per message";
    static final String ANGUS_PROFILE = "Angus, getMessagesByUID + fetch(FetchProfileItem.MESSAGE) + writeTo";

    private static final List<Integer> RTTS = Stream.of(System.getProperty("emailra.bench.network.rtts", "0,5,20")
            .split(",")).map(Integer::valueOf).toList();
    private static final int MESSAGES = Integer.getInteger("emailra.bench.network.messages", 1000);
    private static final int CONNECT_MESSAGES = Integer.getInteger("emailra.bench.network.connectMessages", 50);
    private static final int LOOPBACK_ROUNDS = Integer.getInteger("emailra.bench.network.loopbackRounds", 5);
    /** At four round trips per message, the most wire time a one-by-one SMTP contender spends on its batch. */
    private static final int ONE_BY_ONE_WIRE_MILLIS = 20_000;
    private static final int FETCHES = 100;
    private static final int WARM_UP = 10;
    /** Two proxies per RTT from here on: the tests' proxies listen on 32xx, 3310 and 11xxx–13xxx. */
    private static final int FIRST_PORT = 3300;
    private static final String FOLDER = "network-benchmark";
    private static final FetchProfile WHOLE_MESSAGES = wholeMessages();

    /** A contender: readies a batch of n outside the clock and returns it, to be timed. */
    @FunctionalInterface
    private interface Way {
        Batch prepare(int n) throws Exception;
    }

    @FunctionalInterface
    private interface Batch {
        void run() throws Exception;
    }

    private record Entry(String name, int n, Way way) {
    }

    /** Per contender: its operations per second, round by round, and the traffic of its last round. */
    private record Result(Samples samples, Map<String, TcpProxy.Traffic> traffic) {
    }

    private final EmailraPools pools;
    private final Report report;

    NetworkRuns(EmailraPools pools, Report report) {
        this.pools = pools;
        this.report = report;
    }

    /** Every RTT in turn, SMTP then IMAP; the IMAP folder is filled first, directly, and deleted at the end. */
    void run(Endpoint postfix, String to, Endpoint dovecot) throws Exception {
        report.line("").line("## Over a played network: round-trip times " + RTTS + " ms (TcpProxy)");
        EmailraPools.Pooled<ImapClientFactory> filler = pools.pooled(new ImapManagedConnectionFactory(), dovecot, 1,
                Duration.ofSeconds(30));
        try (ImapClient client = filler.factory().getClient(AllocationMode.USE_MAIN)) {
            Mailbox mailbox = Mailbox.fill(client, dovecot.user(), FOLDER, FETCHES);
            try {
                for (int i = 0; i < RTTS.size(); i++) {
                    int rtt = RTTS.get(i);
                    smtp(rtt, FIRST_PORT + 2 * i, postfix, to);
                    imap(rtt, FIRST_PORT + 2 * i + 1, dovecot, mailbox);
                }
            } finally {
                client.deleteFolder(FOLDER);
            }
        } finally {
            filler.pool().close();
        }
    }

    private static TcpProxy proxy(int port, int targetPort, int rtt) throws Exception {
        return new TcpProxy(port, targetPort, TcpProxy.Network.roundTrip(Duration.ofMillis(rtt)));
    }

    private void smtp(int rtt, int port, Endpoint postfix, String to) throws Exception {
        try (TcpProxy proxy = proxy(port, postfix.port(), rtt)) {
            Endpoint via = postfix.through(port, rtt + " ms RTT");
            SmtpManagedConnectionFactory off = new SmtpManagedConnectionFactory();
            off.setPipelining(false);
            EmailraPools.Pooled<SmtpClientFactory> pipelined = pools.pooled(new SmtpManagedConnectionFactory(), via,
                    1, Duration.ofSeconds(30));
            EmailraPools.Pooled<SmtpClientFactory> today = pools.pooled(off, via, 1, Duration.ofSeconds(30));
            Session session = AngusSessions.smtp(via);
            Transport transport = session.getTransport("smtp");
            transport.connect(via.host(), via.port(), via.user(), via.password());
            int oneByOne = rtt == 0 ? MESSAGES : Math.min(MESSAGES, ONE_BY_ONE_WIRE_MILLIS / (4 * rtt));
            try {
                List<Entry> entries = List.of(
                        new Entry(PIPELINED, MESSAGES, emailraSends(pipelined.factory(), via, to)),
                        new Entry(TODAY, oneByOne, emailraSends(today.factory(), via, to)),
                        new Entry(KEPT_OPEN, oneByOne, n -> {
                            List<MimeMessage> batch = messages(n, i -> Letters.mime(session, via.user(), to, i));
                            return () -> {
                                for (MimeMessage message : batch) {
                                    message.saveChanges();
                                    transport.sendMessage(message, message.getAllRecipients());
                                }
                            };
                        }),
                        new Entry(PER_MESSAGE, CONNECT_MESSAGES, n -> {
                            List<MimeMessage> batch = messages(n, i -> Letters.mime(session, via.user(), to, i));
                            return () -> {
                                for (MimeMessage message : batch) {
                                    Transport.send(message, via.user(), via.password());
                                }
                            };
                        }));
                smtpTable(rtt, entries, measure(proxy, entries, rtt));
            } finally {
                transport.close();
                pipelined.pool().close();
                today.pool().close();
            }
        }
    }

    private static Way emailraSends(SmtpClientFactory factory, Endpoint endpoint, String to) {
        return n -> {
            List<MimeMessage> batch = messages(n, i -> Letters.mime(endpoint.user(), to, i));
            return () -> {
                try (SmtpClient client = factory.getClient(AllocationMode.USE_DEFAULT)) {
                    client.send(batch);
                }
            };
        };
    }

    private static List<MimeMessage> messages(int n, IntFunction<MimeMessage> letter) {
        List<MimeMessage> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(letter.apply(i));
        }
        return batch;
    }

    private void imap(int rtt, int port, Endpoint dovecot, Mailbox mailbox) throws Exception {
        try (TcpProxy proxy = proxy(port, dovecot.port(), rtt)) {
            Endpoint via = dovecot.through(port, rtt + " ms RTT");
            EmailraPools.Pooled<ImapClientFactory> emailra = pools.pooled(new ImapManagedConnectionFactory(), via, 1,
                    Duration.ofSeconds(30));
            IMAPStore store = (IMAPStore) AngusSessions.imap(via, 1).getStore("imap");
            store.connect(via.host(), via.port(), via.user(), via.password());
            List<Long> uids = mailbox.uids();
            long[] uidArray = uids.stream().mapToLong(Long::longValue).toArray();
            try (ImapClient client = emailra.factory().getClient(AllocationMode.USE_DEFAULT);
                 SelectedFolder selected = new SelectedFolder(store, FOLDER)) {
                List<Entry> entries = List.of(
                        new Entry(BATCH_FETCH, FETCHES, n -> {
                            client.selectFolder(FOLDER);
                            return () -> client.fetchMessages(uids);
                        }),
                        new Entry(FETCH_LOOP, FETCHES, n -> {
                            client.selectFolder(FOLDER);
                            return () -> uids.forEach(client::fetchMessage);
                        }),
                        new Entry(ANGUS_LOOP, FETCHES, n -> {
                            IMAPFolder folder = selected.select(); // opened anew: Angus's cache starts empty
                            return () -> {
                                for (long uid : uids) {
                                    ImapOperation.detached(folder.getMessageByUID(uid));
                                }
                            };
                        }),
                        new Entry(ANGUS_PROFILE, FETCHES, n -> {
                            IMAPFolder folder = selected.select();
                            return () -> {
                                Message[] messages = folder.getMessagesByUID(uidArray);
                                folder.fetch(messages, WHOLE_MESSAGES);
                                for (Message message : messages) {
                                    ImapOperation.detached(message);
                                }
                            };
                        }));
                imapTable(rtt, measure(proxy, entries, rtt));
            } finally {
                store.close();
                emailra.pool().close();
            }
        }
    }

    /**
     * A warm-up batch of each contender (connections opened, code compiled), then the rounds; the
     * proxy's traffic is counted afresh for each timed batch.
     */
    private static Result measure(TcpProxy proxy, List<Entry> entries, int rtt) throws Exception {
        for (Entry entry : entries) {
            entry.way().prepare(Math.min(WARM_UP, entry.n())).run();
        }
        int rounds = rtt == 0 ? LOOPBACK_ROUNDS : 1;
        Samples samples = new Samples();
        Map<String, TcpProxy.Traffic> traffic = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get((i + round) % entries.size());
                Batch batch = entry.way().prepare(entry.n());
                proxy.resetTraffic();
                long start = System.nanoTime();
                batch.run();
                double seconds = (System.nanoTime() - start) / 1e9;
                samples.add(entry.name(), entry.n() / seconds, Double.NaN); // the client's CPU is not measured here
                traffic.put(entry.name(), proxy.traffic());
            }
        }
        return new Result(samples, traffic);
    }

    private void smtpTable(int rtt, List<Entry> entries, Result result) {
        report.line("").line("### SMTP at " + rtt + " ms RTT: Postfix submission, STARTTLS, small messages to the sink")
                .line("")
                .line("| contender | messages per batch | messages/s | ratio to today | ratio to Angus kept open "
                        + "| ratio to Angus per-message connect | round trips per message | connections per message "
                        + "| bytes to the server per message |")
                .line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Samples samples = result.samples();
        for (Entry entry : entries) {
            TcpProxy.Traffic traffic = result.traffic().get(entry.name());
            report.line(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s | %s | %.2f | %.3f | %d |", entry.name(),
                    entry.n(), Samples.median(samples.of(entry.name())), ratio(samples, entry.name(), TODAY),
                    ratio(samples, entry.name(), KEPT_OPEN), ratio(samples, entry.name(), PER_MESSAGE),
                    (double) traffic.roundTrips() / entry.n(), (double) traffic.connections() / entry.n(),
                    traffic.bytesToServer() / entry.n()));
        }
    }

    private void imapTable(int rtt, Result result) {
        report.line("").line("### IMAP at " + rtt + " ms RTT: Dovecot, STARTTLS, " + FETCHES
                        + " small messages fetched whole, folder open")
                .line("")
                .line("| contender | ms per " + FETCHES + " | speed-up over the emailra loop "
                        + "| speed-up over the Angus loop | round trips per " + FETCHES + " | bytes to the client per "
                        + FETCHES + " |")
                .line("|---|---:|---:|---:|---:|---:|");
        Samples samples = result.samples();
        for (String contender : samples.contenders()) {
            TcpProxy.Traffic traffic = result.traffic().get(contender);
            report.line(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %d | %d |", contender,
                    FETCHES * 1000 / Samples.median(samples.of(contender)), ratio(samples, contender, FETCH_LOOP),
                    ratio(samples, contender, ANGUS_LOOP), traffic.roundTrips(), traffic.bytesToClient()));
        }
    }

    /** The median of the per-round throughput ratios, with their range when there were several rounds. */
    private static String ratio(Samples samples, String contender, String reference) {
        double[] ratios = samples.ratios(contender, reference);
        return ratios.length == 1 ? String.format(Locale.ROOT, "%.2f", ratios[0])
                : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", Samples.median(ratios), Samples.min(ratios),
                Samples.max(ratios));
    }

    private static FetchProfile wholeMessages() {
        FetchProfile profile = new FetchProfile();
        profile.add(IMAPFolder.FetchProfileItem.MESSAGE);
        return profile;
    }
}
