package io.emailra.ra.physical.pop3;

import io.emailra.api.EmailProtocolException;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.TransportSecurity;
import io.emailra.ra.physical.Messages;
import io.emailra.ra.physical.PhysicalConnection;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
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
 *
 * <p>Message numbers belong to a session, so a logical connection keeps this physical connection
 * while its session is in progress ({@link #pinned()}). When it continues on a new physical
 * connection after that one failed, the numbers it read are void: operations by number are refused
 * until it reads them again ({@link #count()}, {@link #list()}); operations by UIDL work.
 */
public final class Pop3Connection implements PhysicalConnection {

    private static final FetchProfile SUMMARY = summaryProfile();
    private static final FetchProfile UIDS = uidProfile();

    private final POP3Store store;
    private final String server;
    private POP3Folder inbox;
    /** Counts the POP3 sessions on this connection, so that numbers of an earlier one are known as such. */
    private long generation;
    /** The message numbers of the logical connection whose operation runs now; null between operations. */
    private Pop3Numbers numbers;

    private Pop3Connection(POP3Store store, String server) {
        this.store = store;
        this.server = server;
    }

    /** Connects and signs on; Angus's POP3 provider is used directly, never looked up through the session. */
    public static Pop3Connection open(Session session, MailServerConfig config, String user, String password)
            throws MessagingException {
        POP3Store store = config.security() == TransportSecurity.TLS
                ? new POP3SSLStore(session, null) : new POP3Store(session, null);
        store.connect(config.host(), config.port(), user, password);
        return new Pop3Connection(store, config.server());
    }

    public int count() throws MessagingException {
        int count = onInbox(folder -> {
            int total = folder.getMessageCount();
            if (total < 0) {
                throw new IllegalStateException("Angus reports the folder closed");
            }
            return total;
        });
        numbers.lost = false;
        return count;
    }

    public List<Pop3MessageInfo> list() throws MessagingException {
        List<Pop3MessageInfo> result = onInbox(folder -> {
            Message[] messages = folder.getMessages();
            folder.fetch(messages, SUMMARY);
            List<Pop3MessageInfo> infos = new ArrayList<>(messages.length);
            for (Message message : messages) {
                infos.add(new Pop3MessageInfo(message.getMessageNumber(), folder.getUID(message), message.getSubject(),
                        Messages.from(message), Messages.date(message), message.getSize()));
            }
            return infos;
        });
        numbers.lost = false;
        return result;
    }

    public MimeMessage fetch(int number) throws MessagingException {
        return Messages.detach(byNumber(number));
    }

    public MimeMessage fetch(String uid) throws MessagingException {
        return Messages.detach(byUid(uid));
    }

    public void delete(int number) throws MessagingException {
        byNumber(number).setFlag(Flags.Flag.DELETED, true);
    }

    public void delete(String uid) throws MessagingException {
        byUid(uid).setFlag(Flags.Flag.DELETED, true);
    }

    /** Ends the POP3 session: QUIT, which deletes the marked messages. */
    public void commitDeletes() throws MessagingException {
        POP3Folder folder = inbox;
        inbox = null;
        if (numbers != null) {
            numbers.session = null;
            numbers.lost = false;
        }
        if (folder != null) {
            folder.close(true);
        }
    }

    /** A NOOP, in the session if one is in progress; a check of a pooled connection starts none. */
    @Override
    public void noop() throws MessagingException {
        POP3Folder folder = inbox;
        // Angus's POP3Folder.isOpen() and POP3Store.isConnected() send NOOP and report a dead connection as closed.
        if (folder != null && !folder.isOpen()) {
            inbox = null;
            throw new FolderClosedException(folder, "NOOP failed on " + server);
        }
        if (folder == null && !store.isConnected()) {
            throw new StoreClosedException(store, "NOOP failed on " + server);
        }
    }

    /**
     * A logical connection whose session is not the one in progress here lost it: it was on another
     * physical connection, or it ended on this one without the logical connection ending it (a
     * container's cleanup of the connection ends the session); its numbers are void.
     */
    @Override
    public void bind(Object connectionState) {
        numbers = (Pop3Numbers) connectionState;
        if (numbers != null && numbers.session != null
                && (numbers.session != this || numbers.generation != generation || inbox == null)) {
            numbers.session = null;
            numbers.lost = true;
        }
    }

    @Override
    public boolean pinned() {
        return inbox != null;
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
            generation++;
            if (numbers != null) {
                numbers.session = this;
                numbers.generation = generation;
            }
        }
        return inbox;
    }

    /**
     * Runs an operation on the open INBOX. Angus closes the folder when it finds the connection gone
     * (the server ended the session, e.g. {@code doveadm kick}) and then answers with
     * {@code IllegalStateException} or a count of -1: both are a lost connection here.
     */
    private <T> T onInbox(InboxOperation<T> operation) throws MessagingException {
        POP3Folder folder = inbox();
        try {
            return operation.apply(folder);
        } catch (IllegalStateException e) {
            inbox = null;
            throw new FolderClosedException(folder, "the POP3 session on " + server + " ended: " + e.getMessage());
        }
    }

    private Message byNumber(int number) throws MessagingException {
        if (numbers.lost) {
            throw new EmailProtocolException("message number " + number + " is from a POP3 session on " + server
                    + " that has ended (its connection failed, or the container cleaned it up); numbers of"
                    + " the new session may name other messages: read them again (messageCount, listMessages)"
                    + " or use the message's UIDL");
        }
        return onInbox(folder -> {
            int count = folder.getMessageCount();
            if (count < 0) {
                throw new IllegalStateException("Angus reports the folder closed");
            }
            if (number > count) {
                throw new EmailProtocolException("no message number " + number + " on " + server
                        + "; the mailbox holds " + count + (count == 1 ? " message" : " messages"));
            }
            return folder.getMessage(number);
        });
    }

    private Message byUid(String uid) throws MessagingException {
        return onInbox(folder -> {
            Message[] messages = folder.getMessages();
            folder.fetch(messages, UIDS); // once per session: Angus keeps the UIDL list
            for (Message message : messages) {
                if (uid.equals(folder.getUID(message))) {
                    return message;
                }
            }
            throw new EmailProtocolException("no message with UIDL '" + uid + "' on " + server);
        });
    }

    @FunctionalInterface
    private interface InboxOperation<T> {
        T apply(POP3Folder folder) throws MessagingException;
    }

    private static FetchProfile summaryProfile() {
        FetchProfile profile = uidProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.SIZE);
        return profile;
    }

    private static FetchProfile uidProfile() {
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        return profile;
    }
}
