package io.emailra.bench;

import io.emailra.api.Envelope;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.outbox.Outbox;
import io.emailra.ra.physical.smtp.Deferral;
import io.emailra.ra.physical.smtp.DeferredMessage;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The ON_COMMIT journal's cost: transactions of one small message recorded by an {@link Outbox}
 * (whose courier never runs: nothing is sent), two-phase (prepare, then commit) and one-phase;
 * against the least any durable record costs, one file written and forced to disk per message.
 */
final class JournalContenders {

    static final String FSYNC = "baseline: write + fsync one file";
    private static final byte[] CONTENT = ("Message-ID: <bench@emailra.test>\r\nSubject: journal benchmark\r\n\r\n"
            + "x".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final AtomicLong TRANSACTIONS = new AtomicLong();

    private JournalContenders() {
    }

    static List<Contender> all(Path directory) {
        return List.of(outbox(directory.resolve("two-phase"), false), outbox(directory.resolve("one-phase"), true),
                Contender.of(FSYNC, threads -> thread -> index -> fsync(directory.resolve("fsync"), index),
                        () -> clear(directory.resolve("fsync"))));
    }

    private static Contender outbox(Path directory, boolean onePhase) {
        String name = "emailra journal: " + (onePhase ? "one-phase commit" : "prepare + commit");
        return Contender.of(name, threads -> {
            Outbox outbox = Outbox.open(directory, "benchmark", () -> {
                throw new IllegalStateException("the benchmark sends nothing");
            }, 60_000, () -> true, new FactoryStatistics());
            return new Contender.Round() {
                @Override
                public Contender.Worker worker(int thread) {
                    Deferral deferral = outbox.newBranch();
                    XAResource branch = deferral.xaResource();
                    return index -> {
                        Xid xid = xid();
                        branch.start(xid, XAResource.TMNOFLAGS);
                        deferral.defer(new DeferredMessage("<bench@emailra.test>", Envelope.to("sink@emailra.test"), CONTENT));
                        branch.end(xid, XAResource.TMSUCCESS);
                        if (onePhase) {
                            branch.commit(xid, true);
                        } else {
                            branch.prepare(xid);
                            branch.commit(xid, false);
                        }
                    };
                }

                @Override
                public void close() throws Exception {
                    clear(directory); // the courier was never scheduled: nothing else to stop
                }
            };
        }, () -> clear(directory));
    }

    private static void fsync(Path directory, int index) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(index + ".msg");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(CONTENT));
            channel.force(true);
        }
    }

    private static Xid xid() {
        byte[] global = ("bench-" + TRANSACTIONS.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
        return new Xid() {
            @Override
            public int getFormatId() {
                return 1;
            }

            @Override
            public byte[] getGlobalTransactionId() {
                return global;
            }

            @Override
            public byte[] getBranchQualifier() {
                return new byte[]{1};
            }
        };
    }

    private static void clear(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
