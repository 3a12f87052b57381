package io.emailra.bench;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/** A benchmark folder on a raw Angus store, kept open as emailra keeps its selected folder: until the next selection. */
final class SelectedFolder implements AutoCloseable {

    private final IMAPStore store;
    private final String name;
    private IMAPFolder folder;

    SelectedFolder(IMAPStore store, String name) throws MessagingException {
        this.store = store;
        this.name = name;
        select();
    }

    /** Closes the open folder (without expunging) and opens it anew, read-write; Angus's message cache starts empty. */
    IMAPFolder select() throws MessagingException {
        close();
        folder = (IMAPFolder) store.getFolder(name);
        folder.open(Folder.READ_WRITE);
        return folder;
    }

    IMAPFolder folder() {
        return folder;
    }

    @Override
    public void close() throws MessagingException {
        if (folder != null && folder.isOpen()) {
            folder.close(false);
        }
    }
}
