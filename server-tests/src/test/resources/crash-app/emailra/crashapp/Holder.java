package emailra.crashapp;

import javax.transaction.xa.XAResource;
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
final class Holder implements XAResource {

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

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public void rollback(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
