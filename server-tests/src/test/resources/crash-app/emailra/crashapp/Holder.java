package emailra.crashapp;

import io.emailra.testsupport.Participant;

import javax.transaction.xa.Xid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A participant that, in prepare or in commit, writes a marker file and then never returns: the
 * process is killed there, with the transaction before or after its commit decision.
 */
final class Holder extends Participant {

    private final Path marker;
    private final boolean inPrepare;

    Holder(Path marker, boolean inPrepare) {
        this.marker = marker;
        this.inPrepare = inPrepare;
    }

    private void hold() {
        try {
            Files.writeString(marker, "held");
            new CountDownLatch(1).await();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int prepare(Xid xid) {
        if (inPrepare) {
            hold();
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
        if (!inPrepare) {
            hold();
        }
    }
}
