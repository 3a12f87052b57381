package io.emailra.ra.outbox;

import io.emailra.api.Envelope;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.physical.smtp.DeferredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox's transaction outcomes on its journal, one class at a time: what each XA call leaves on
 * disk. No courier runs here (it is never scheduled); sending is proved against Postfix in OnCommitIT.
 */
class OutboxTest {

    @TempDir
    Path directory;

    private final AtomicBoolean inTransaction = new AtomicBoolean();
    private Outbox outbox;

    @AfterEach
    void stop() throws InterruptedException {
        if (outbox != null) {
            outbox.stop(Duration.ofSeconds(1));
        }
    }

    private Outbox outbox() throws Exception {
        outbox = Outbox.open(directory, "test", () -> {
            throw new AssertionError("nothing is sent in this test");
        }, 60_000, inTransaction::get, new FactoryStatistics());
        return outbox;
    }

    private static DeferredMessage message(String id) {
        return new DeferredMessage(id, new Envelope("", List.of("a@example.test", "b@example.test"),
                Set.of(Envelope.Notify.FAILURE, Envelope.Notify.DELAY), Envelope.DsnReturn.HEADERS),
                ("Message-ID: " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static Xid xid(int seed) {
        byte[] global = new byte[64];
        byte[] branch = new byte[64];
        Arrays.fill(global, (byte) seed);
        Arrays.fill(branch, (byte) -seed);
        return XidNames.xid(XidNames.name(new Xid() {
            public int getFormatId() {
                return 0x4a545321;
            }

            public byte[] getGlobalTransactionId() {
                return global;
            }

            public byte[] getBranchQualifier() {
                return branch;
            }
        }));
    }

    /** Records the messages in a branch of the transaction, as a connection enlisted in it does. */
    private XAResource recordIn(Xid xid, DeferredMessage... messages) {
        OutboxBranch branch = (OutboxBranch) outbox.newBranch();
        branch.start(xid, XAResource.TMNOFLAGS);
        for (DeferredMessage message : messages) {
            assertTrue(branch.defers());
            branch.defer(message);
        }
        branch.end(xid, XAResource.TMSUCCESS);
        return branch;
    }

    @Test
    void aBranchIdSurvivesItsFileNameWithItsBytesUnchanged() {
        Xid xid = xid(7);
        String name = XidNames.name(xid);
        assertTrue(name.length() <= 182, name);
        Xid back = XidNames.xid(name);
        assertEquals(xid.getFormatId(), back.getFormatId());
        assertArrayEquals(xid.getGlobalTransactionId(), back.getGlobalTransactionId());
        assertArrayEquals(xid.getBranchQualifier(), back.getBranchQualifier());
    }

    @Test
    void prepareWritesTheMessagesInDoubtAndCommitMakesThemToBeSentUnchanged() throws Exception {
        outbox();
        Xid xid = xid(1);
        XAResource branch = recordIn(xid, message("<1@x>"), message("<2@x>"));
        assertEquals(XAResource.XA_OK, branch.prepare(xid));
        assertEquals(List.of(XidNames.name(xid)), List.of(Arrays.stream(branch.recover(XAResource.TMSTARTRSCAN))
                .map(XidNames::name).toArray()));
        assertEquals(0, branch.recover(XAResource.TMNOFLAGS).length, "one scan");

        branch.commit(xid, false);
        assertEquals(0, branch.recover(XAResource.TMSTARTRSCAN).length);
        List<Journal.Entry> committed = outbox.journal().committed();
        assertEquals(List.of("<1@x>", "<2@x>"), committed.stream().map(e -> e.message().messageId()).toList());
        DeferredMessage read = committed.get(0).message();
        assertEquals(message("<1@x>").envelope(), read.envelope());
        assertArrayEquals(message("<1@x>").content(), read.content());
        branch.commit(xid, false); // a transaction manager may commit again after a failure
    }

    @Test
    void rollbackAfterPrepareLeavesNothing() throws Exception {
        outbox();
        Xid xid = xid(2);
        XAResource branch = recordIn(xid, message("<3@x>"));
        branch.prepare(xid);
        branch.rollback(xid);
        assertEquals(0, branch.recover(XAResource.TMSTARTRSCAN).length);
        assertEquals(List.of(), outbox.journal().committed());
        XAException unknown = assertThrows(XAException.class, () -> branch.commit(xid, false));
        assertEquals(XAException.XAER_NOTA, unknown.errorCode);
    }

    @Test
    void aBranchThatSentNothingIsReadOnlyAndOnePhaseCommitWritesStraightToBeSent() throws Exception {
        outbox();
        Xid empty = xid(3);
        assertEquals(XAResource.XA_RDONLY, recordIn(empty).prepare(empty));
        Xid onePhase = xid(4);
        recordIn(onePhase, message("<4@x>")).commit(onePhase, true);
        assertEquals(List.of("<4@x>"), outbox.journal().committed().stream()
                .map(e -> e.message().messageId()).toList());
    }

    @Test
    void whatACrashLeftHalfWrittenIsDroppedAndPreparedTransactionsStayInDoubt() throws Exception {
        outbox();
        Xid xid = xid(5);
        recordIn(xid, message("<5@x>")).prepare(xid);
        Files.createDirectories(directory.resolve("prepared").resolve("half~"));
        outbox.stop(Duration.ofSeconds(1));

        Outbox reopened = outbox();
        assertFalse(Files.exists(directory.resolve("prepared").resolve("half~")));
        assertEquals(1, ((OutboxBranch) reopened.newBranch()).recover(XAResource.TMSTARTRSCAN).length);
    }

    @Test
    void aConnectionOutsideTheActiveTransactionRefusesToSendNowAndOneOutsideAnyTransactionSends() throws Exception {
        OutboxBranch branch = (OutboxBranch) outbox().newBranch();
        assertFalse(branch.defers(), "no transaction: sent at once");
        inTransaction.set(true);
        IllegalStateException refused = assertThrows(IllegalStateException.class, branch::defers);
        assertTrue(refused.getMessage().contains("ON_COMMIT"), refused.getMessage());
    }

    @Test
    void aSecondOutboxOnTheSameDirectoryIsRefusedForTwoCouriersWouldSendEverythingTwice() throws Exception {
        outbox();
        IOException refused = assertThrows(IOException.class, () -> Outbox.open(directory, "second", () -> {
            throw new AssertionError();
        }, 60_000, () -> false, new FactoryStatistics()));
        assertTrue(refused.getMessage().contains("journalDirectory of its own"), refused.getMessage());
    }

    @Test
    void anEntryThatCannotBeReadIsSetAsideAndTheOthersAreStillSent() throws Exception {
        outbox();
        Xid xid = xid(8);
        recordIn(xid, message("<8@x>"), message("<9@x>")).commit(xid, true);
        Path damaged = Files.list(directory.resolve("committed")).findFirst().orElseThrow().resolve("00000.msg");
        Files.write(damaged, new byte[]{1, 2, 3});
        assertEquals(List.of("<9@x>"), outbox.journal().committed().stream().map(e -> e.message().messageId()).toList());
        assertEquals(1, Files.list(directory.resolve("failed")).filter(p -> p.toString().endsWith(".unreadable")).count());
    }

    @Test
    void aDeadLetterKeepsTheMessageAndSaysWhy() throws Exception {
        outbox();
        Xid xid = xid(6);
        recordIn(xid, message("<6@x>")).commit(xid, true);
        Journal journal = outbox.journal();
        Journal.Entry entry = journal.committed().get(0);
        Path letter = journal.deadLetter(entry, List.of("b@example.test"), "550 5.1.1 no such user");
        journal.delivered(entry);
        assertEquals(List.of(letter), outbox.journal().deadLetters());
        assertArrayEquals(entry.message().content(), Files.readAllBytes(letter));
        String why = Files.readString(Path.of(letter.toString().replace(".eml", ".txt")));
        assertTrue(why.contains("<6@x>") && why.contains("b@example.test") && why.contains("550 5.1.1"), why);
        assertEquals(List.of(), journal.committed());
        assertEquals(List.of(), Files.list(directory.resolve("committed")).toList(), "the transaction's directory went too");
    }
}
