package io.emailra.bench;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.ra.ImapManagedConnectionFactory;
import io.emailra.testsupport.MailServers;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The heap and time that fetching one large message takes: emailra's {@code fetchMessage(uid)}, which
 * returns a detached {@code MimeMessage}, and its {@code fetchMessage(uid, out)}, which streams,
 * against the raw Angus code on the same Dovecot (STARTTLS) in the same JVM:
 * {@code IMAPMessage.writeTo} into a stream that only counts (streaming, nothing kept) and Angus's own
 * detached copy, {@code new MimeMessage(imapMessage)}.
 *
 * <p>{@code FetchHeap [MB [results.md]]}: the message is MB large (default 50, or
 * {@code -Demailra.bench.fetchMb}); each contender fetches it {@code -Demailra.bench.fetchRepetitions}
 * times (default 3), contenders alternating. Before each fetch a {@code System.gc()}, the heap used,
 * and the peak usage of every heap pool reset; after it, the sum of the pools' peak usages (which
 * counts garbage not yet collected: it is the heap the JVM had to have) and, after another
 * {@code System.gc()} with the result still referenced, the heap it keeps.
 *
 * <p>{@code FetchHeap check MB}: fetches an MB-large message once through emailra and prints whether it
 * fitted in this JVM's heap (OK) or not (OutOfMemoryError); scripts/benchmarks.sh runs it with
 * {@code -Xmx150m}. {@code FetchHeap check-streaming MB} streams it instead; scripts/benchmarks.sh runs
 * that with a heap far smaller than the message.
 *
 * <p>The message goes into a folder of alice's made for it, deleted at the end; it is written into the
 * APPEND command as it is generated ({@link LargeMessage}), so that appending it costs no heap.
 */
public final class FetchHeap {

    static final String FOLDER = "fetch-heap";
    static final String EMAILRA = "emailra fetchMessage(uid), a detached MimeMessage";
    static final String EMAILRA_STREAMING = "emailra fetchMessage(uid, out), into a stream that only counts (streaming)";
    static final String STREAMING = "Angus IMAPMessage.writeTo, into a stream that only counts (raw streaming)";
    static final String ANGUS_COPY = "Angus new MimeMessage(imapMessage), a detached copy";
    private static final int REPETITIONS = Integer.getInteger("emailra.bench.fetchRepetitions", 3);
    private static final double MB = 1 << 20;

    /** One way of fetching the whole message by UID; what it returns is kept referenced until the retained heap is read. */
    @FunctionalInterface
    private interface Fetch {
        Object fetch(long uid) throws Exception;
    }

    /** What one fetch added to the heap, in bytes, and how long it took. */
    private record Measured(long peak, long retained, long allocated, long nanos) {
    }

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        boolean check = args.length > 0 && args[0].startsWith("check");
        boolean streaming = args.length > 0 && args[0].equals("check-streaming");
        int first = check ? 1 : 0;
        int megabytes = args.length > first ? Integer.parseInt(args[first])
                : Integer.getInteger("emailra.bench.fetchMb", 50);
        MailServers servers = MailServers.load();
        // The raw Angus store trusts the test CA through the JVM's defaults; emailra through its own settings.
        System.setProperty("javax.net.ssl.trustStore", servers.trustStore());
        System.setProperty("javax.net.ssl.trustStorePassword", servers.trustStorePassword());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        Endpoint dovecot = Endpoint.dovecot(servers, servers.users().get(0));
        LargeMessage message = new LargeMessage(dovecot.user(), megabytes);
        IMAPStore store = (IMAPStore) AngusSessions.imap(dovecot, 1).getStore("imap");
        store.connect(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password());
        try {
            long uid = prepare(store, message);
            try (EmailraPools pools = new EmailraPools(servers)) {
                ImapClientFactory emailra = pools.factory(new ImapManagedConnectionFactory(), dovecot, 1);
                try (ImapClient client = emailra.getClient(AllocationMode.USE_MAIN)) {
                    client.selectFolder(FOLDER);
                    if (check) {
                        System.out.println(new FetchHeap().fits(client, uid, message, streaming));
                    } else {
                        Report report = new FetchHeap().measure(client, store, uid, message, dovecot);
                        if (args.length > 1) {
                            report.write(Path.of(args[1]));
                        }
                    }
                }
            }
        } finally {
            IMAPFolder folder = (IMAPFolder) store.getFolder(FOLDER);
            if (folder.exists()) {
                folder.delete(true);
            }
            store.close();
        }
    }

    /** Makes the folder anew and appends the message to it. */
    private static long prepare(IMAPStore store, LargeMessage message) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(FOLDER);
        if (folder.exists()) {
            folder.delete(true);
        }
        if (!folder.create(Folder.HOLDS_MESSAGES)) {
            throw new IllegalStateException("cannot create folder " + FOLDER);
        }
        return message.appendTo(store, FOLDER);
    }

    /** The pass/fail line: did one fetch through emailra (detached, or streamed) fit in this JVM's heap? */
    private String fits(ImapClient client, long uid, LargeMessage message, boolean streaming) throws Exception {
        String what = String.format(Locale.ROOT, "emailra %s of a %d MB message (%d bytes), max heap %d MB: ",
                streaming ? "fetchMessage(uid, out)" : "fetchMessage(uid)", message.megabytes(), message.size(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.gc();
        Object fetched;
        try {
            if (streaming) {
                Counter counter = new Counter();
                client.fetchMessage(uid, counter);
                fetched = counter;
            } else {
                fetched = client.fetchMessage(uid);
            }
        } catch (Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError) {
                    return what + "OutOfMemoryError";
                }
            }
            throw e;
        }
        verify(streaming ? EMAILRA_STREAMING : EMAILRA, fetched, message);
        return what + "OK";
    }

    private Report measure(ImapClient client, IMAPStore store, long uid, LargeMessage message, Endpoint endpoint)
            throws Exception {
        IMAPFolder folder = (IMAPFolder) store.getFolder(FOLDER);
        folder.open(Folder.READ_WRITE);
        try {
            Map<String, Fetch> contenders = new LinkedHashMap<>();
            contenders.put(EMAILRA, client::fetchMessage);
            contenders.put(EMAILRA_STREAMING, id -> {
                Counter counter = new Counter();
                client.fetchMessage(id, counter);
                return counter;
            });
            contenders.put(STREAMING, id -> {
                Counter counter = new Counter();
                folder.getMessageByUID(id).writeTo(counter);
                return counter;
            });
            contenders.put(ANGUS_COPY, id -> new MimeMessage((IMAPMessage) folder.getMessageByUID(id)));
            Map<String, List<Measured>> results = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(contenders.keySet());
            for (int repetition = 0; repetition < REPETITIONS; repetition++) {
                for (String name : order) {
                    results.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(once(name, contenders.get(name), uid, message));
                }
                order.add(order.remove(0));
            }
            return report(results, message, endpoint);
        } finally {
            folder.close(false);
        }
    }

    /** One fetch, measured; the result is checked against the message afterwards. */
    private Measured once(String name, Fetch fetch, long uid, LargeMessage message) throws Exception {
        System.gc();
        long before = used();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        Object result = fetch.fetch(uid);
        long nanos = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.gc();
        long retained = used() - before;
        Reference.reachabilityFence(result);
        verify(name, result, message);
        return new Measured(peak - before, retained, allocated, nanos);
    }

    private long used() {
        return heapPools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    /** The contender read the whole message, byte for byte as many as the server holds. */
    private static void verify(String name, Object result, LargeMessage message) throws IOException, MessagingException {
        long bytes;
        if (result instanceof Counter counter) {
            bytes = counter.count;
        } else {
            Counter counter = new Counter();
            ((MimeMessage) result).writeTo(counter);
            bytes = counter.count;
        }
        if (bytes != message.size()) {
            throw new IllegalStateException(name + " read " + bytes + " bytes of a message of " + message.size());
        }
    }

    private static Report report(Map<String, List<Measured>> results, LargeMessage message, Endpoint endpoint) {
        double size = message.size() / MB;
        Report report = new Report();
        report.line(String.format(Locale.ROOT, "## Heap of fetching one %d MB IMAP message (%s)", message.megabytes(),
                        endpoint.label()))
                .line("")
                .line("Run of " + Instant.now() + ". JDK " + Runtime.version() + ", "
                        + Runtime.getRuntime().availableProcessors() + " processors, max heap "
                        + (Runtime.getRuntime().maxMemory() >> 20) + " MB, "
                        + ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(" + ")) + ".")
                .line("")
                .line(String.format(Locale.ROOT, "The message: %d bytes (%.1f MB), a line of text and a base64 "
                        + "attachment. %d fetches per contender, contenders alternating; medians with min–max. "
                        + "Peak: sum of the heap pools' peak usages during the fetch minus the heap used before it "
                        + "(after a System.gc()), garbage not yet collected included. Retained: heap used after a "
                        + "System.gc() with the result still referenced, minus before. Allocated: bytes the fetching "
                        + "thread allocated.", message.size(), size, REPETITIONS))
                .line("")
                .line("| contender | peak heap added, MB, median | min–max | peak / message | retained heap, MB, "
                        + "median | min–max | retained / message | allocated, MB, median | time, ms, median |")
                .line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        results.forEach((name, measured) -> {
            double[] peaks = measured.stream().mapToDouble(m -> m.peak() / MB).toArray();
            double[] retained = measured.stream().mapToDouble(m -> m.retained() / MB).toArray();
            double[] allocated = measured.stream().mapToDouble(m -> m.allocated() / MB).toArray();
            report.line(String.format(Locale.ROOT, "| %s | %.1f | %.1f–%.1f | %.2f | %.1f | %.1f–%.1f | %.2f | %.1f | %.0f |",
                    name, Samples.median(peaks), Samples.min(peaks), Samples.max(peaks), Samples.median(peaks) / size,
                    Samples.median(retained), Samples.min(retained), Samples.max(retained),
                    Samples.median(retained) / size, Samples.median(allocated), medianMillis(measured)));
        });
        report.line("").line(String.format(Locale.ROOT, "Streaming throughput, emailra / raw Angus (inverse ratio of the "
                + "median times): %.2f.", medianMillis(results.get(STREAMING)) / medianMillis(results.get(EMAILRA_STREAMING))));
        return report;
    }

    private static double medianMillis(List<Measured> measured) {
        return Samples.median(measured.stream().mapToDouble(m -> m.nanos() / 1e6).toArray());
    }

    /** Counts the bytes written to it and keeps none. */
    private static final class Counter extends OutputStream {

        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
