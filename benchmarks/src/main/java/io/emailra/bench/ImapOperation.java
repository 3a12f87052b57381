package io.emailra.bench;

import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.MessageInfo;
import io.emailra.ra.physical.Messages;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Properties;

/**
 * The IMAP operations measured, each done through emailra and, with the same result, on a raw Angus
 * folder: what emailra's IMAP session does, written out by hand.
 */
enum ImapOperation {

    /** One whole message by UID, read into a detached copy. */
    FETCH("fetches") {
        @Override
        Object through(ImapClient client, Mailbox mailbox, int index) {
            return client.fetchMessage(mailbox.uid(index));
        }

        @Override
        Object raw(SelectedFolder selected, Mailbox mailbox, int index) throws MessagingException, IOException {
            return detached(selected.folder().getMessageByUID(mailbox.uid(index)));
        }
    },

    /**
     * A page of message summaries (UID, subject, sender, date, size, flags) of the folder kept open:
     * after the first reading of a page Angus answers from its message cache, so this measures the
     * client side of an operation, emailra's share at its largest.
     */
    LIST_CACHED("cached listMessages pages") {
        @Override
        Object through(ImapClient client, Mailbox mailbox, int index) {
            return client.listMessages(mailbox.pageOffset(index), Mailbox.PAGE);
        }

        @Override
        Object raw(SelectedFolder selected, Mailbox mailbox, int index) throws MessagingException {
            return page(selected.folder(), mailbox.pageOffset(index));
        }
    },

    /**
     * What a request that shows a mailbox does: select the folder (its counts of messages and unread
     * messages, as {@code selectFolder} returns them) and list a page, read from the server.
     */
    SELECT_AND_LIST("selects + listMessages pages") {
        @Override
        Object through(ImapClient client, Mailbox mailbox, int index) {
            FolderInfo folder = client.selectFolder(Mailbox.FOLDER);
            return List.of(folder, client.listMessages(mailbox.pageOffset(index), Mailbox.PAGE));
        }

        @Override
        Object raw(SelectedFolder selected, Mailbox mailbox, int index) throws MessagingException {
            IMAPFolder folder = selected.select();
            FolderInfo info = new FolderInfo(folder.getFullName(), true, (folder.getType() & Folder.HOLDS_FOLDERS) != 0,
                    folder.getMessageCount(), folder.getUnreadMessageCount(), folder.getUIDValidity());
            return List.of(info, page(folder, mailbox.pageOffset(index)));
        }
    };

    /** What emailra's fetch returns, written out by hand: the whole message read into a copy of its own. */
    static MimeMessage detached(Message message) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(message.getSize(), 1024));
        message.writeTo(bytes);
        return new MimeMessage(DETACHED, new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static List<MessageInfo> page(IMAPFolder folder, int offset) throws MessagingException {
        int last = Math.min(folder.getMessageCount(), offset + Mailbox.PAGE);
        Message[] messages = folder.getMessages(offset + 1, last);
        folder.fetch(messages, SUMMARY);
        List<MessageInfo> page = new ArrayList<>(messages.length);
        for (Message message : messages) {
            page.add(new MessageInfo(folder.getUID(message), folder.getUIDValidity(), message.getSubject(),
                    Messages.from(message),
                    Messages.date(message), message.getSize(), Messages.flags(message.getFlags()),
                    Set.of(message.getFlags().getUserFlags())));
        }
        return page;
    }

    private static final Session DETACHED = Session.getInstance(new Properties());
    private static final FetchProfile SUMMARY = summary();

    private final String unit;

    ImapOperation(String unit) {
        this.unit = unit;
    }

    /** What is counted, per second. */
    String unit() {
        return unit;
    }

    abstract Object through(ImapClient client, Mailbox mailbox, int index);

    abstract Object raw(SelectedFolder selected, Mailbox mailbox, int index) throws MessagingException, IOException;

    private static FetchProfile summary() {
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        return profile;
    }
}
