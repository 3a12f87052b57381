package io.emailra.ra.pop3;

import io.emailra.api.EmailProtocolException;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.ra.MailSession;
import io.emailra.ra.client.Messages;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.TransportSecurity;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3SSLStore;
import org.eclipse.angus.mail.pop3.POP3Store;

import java.util.ArrayList;
import java.util.List;

/**
 * One POP3 connection: an Angus {@link POP3Store} and, while a POP3 session is in progress, its
 * open INBOX. The session starts with the first operation and ends (QUIT, committing deletions)
 * on {@link #commitDeletes()} or {@link #reset()}, so every user of a pooled connection sees the
 * mailbox as it is when they start.
 */
public final class Pop3Session implements MailSession {

    private static final FetchProfile SUMMARY = summaryProfile();

    private final POP3Store store;
    private final String server;
    private POP3Folder inbox;

    private Pop3Session(POP3Store store, String server) {
        this.store = store;
        this.server = server;
    }

    /** Connects and signs on; Angus's POP3 provider is used directly, never looked up through the session. */
    public static Pop3Session open(Session session, MailServerConfig config, String user, String password)
            throws MessagingException {
        POP3Store store = config.security() == TransportSecurity.TLS
                ? new POP3SSLStore(session, null) : new POP3Store(session, null);
        store.connect(config.host(), config.port(), user, password);
        return new Pop3Session(store, config.server());
    }

    int count() throws MessagingException {
        return inbox().getMessageCount();
    }

    List<Pop3MessageInfo> list() throws MessagingException {
        POP3Folder folder = inbox();
        Message[] messages = folder.getMessages();
        folder.fetch(messages, SUMMARY);
        List<Pop3MessageInfo> result = new ArrayList<>(messages.length);
        for (Message message : messages) {
            result.add(new Pop3MessageInfo(message.getMessageNumber(), folder.getUID(message), message.getSubject(),
                    Messages.from(message), Messages.date(message), message.getSize()));
        }
        return result;
    }

    MimeMessage fetch(int number) throws MessagingException {
        return Messages.detach(message(number));
    }

    void delete(int number) throws MessagingException {
        message(number).setFlag(Flags.Flag.DELETED, true);
    }

    /** Ends the POP3 session: QUIT, which deletes the marked messages. */
    void commitDeletes() throws MessagingException {
        POP3Folder folder = inbox;
        inbox = null;
        if (folder != null) {
            folder.close(true);
        }
    }

    @Override
    public void noop() throws MessagingException {
        POP3Folder folder = inbox();
        // Angus's POP3Folder.isOpen() sends NOOP and reports a dead connection as closed.
        if (!folder.isOpen()) {
            inbox = null;
            throw new FolderClosedException(folder, "NOOP failed on " + server);
        }
    }

    @Override
    public void reset() throws MessagingException {
        commitDeletes();
    }

    @Override
    public void close() {
        inbox = null;
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // The connection is being discarded; nothing more to do.
        }
    }

    private POP3Folder inbox() throws MessagingException {
        if (inbox == null) {
            POP3Folder folder = (POP3Folder) store.getFolder("INBOX");
            folder.open(Folder.READ_WRITE);
            inbox = folder;
        }
        return inbox;
    }

    private Message message(int number) throws MessagingException {
        POP3Folder folder = inbox();
        int count = folder.getMessageCount();
        if (number > count) {
            throw new EmailProtocolException("no message number " + number + " on " + server + "; the mailbox holds "
                    + count + (count == 1 ? " message" : " messages"));
        }
        return folder.getMessage(number);
    }

    private static FetchProfile summaryProfile() {
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        return profile;
    }
}
