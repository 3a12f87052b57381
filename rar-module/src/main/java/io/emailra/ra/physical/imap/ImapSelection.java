package io.emailra.ra.physical.imap;

/**
 * The folder a logical IMAP connection selected and its UIDVALIDITY at that moment (R15): in force
 * for the connection's next operation, whichever physical connection runs it. Guarded by the
 * logical connection's lock.
 */
public final class ImapSelection {

    static final long UNKNOWN = -1;

    private String folder;
    private long uidValidity = UNKNOWN;
    private boolean readOnly;

    public String folder() {
        return folder;
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** Whether the folder was selected read-only (IMAP EXAMINE). */
    public boolean readOnly() {
        return readOnly;
    }

    public void set(String folder, long uidValidity, boolean readOnly) {
        this.folder = folder;
        this.uidValidity = uidValidity;
        this.readOnly = readOnly;
    }

    public void clear() {
        set(null, UNKNOWN, false);
    }
}
