package io.emailra.bench;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/** The benchmark folder on a raw Angus store, kept open as emailra keeps its selected folder: until the next selection. */
final class SelectedFolder implements AutoCloseable {

    private final IMAPStore store;
    private IMAPFolder folder;

    SelectedFolder(IMAPStore store) throws MessagingException {
        this.store = store;
        select();
    }

    /** Closes the open folder (without expunging) and opens it anew, read-write; Angus's message cache starts empty. */
    IMAPFolder select() throws MessagingException {
        close();
        folder = (IMAPFolder) store.getFolder(Mailbox.FOLDER);
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
