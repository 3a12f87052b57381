package io.emailra.bench;

import io.emailra.api.ImapClient;
import io.emailra.api.MessageInfo;

import java.util.Arrays;

/**
 * The folder the IMAP benchmarks read: {@link #MESSAGES} small messages appended by emailra when the
 * run starts (the folder is made anew), and which UID or page operation number i reads.
 */
final class Mailbox {

    static final String FOLDER = "benchmark";
    static final int MESSAGES = 200;
    static final int PAGE = 20;

    private final long[] uids;

    private Mailbox(long[] uids) {
        this.uids = uids;
    }

    static Mailbox fill(ImapClient client, String owner) {
        if (client.listFolders().stream().anyMatch(folder -> folder.fullName().equals(FOLDER))) {
            client.deleteFolder(FOLDER);
        }
        client.createFolder(FOLDER);
        for (int i = 0; i < MESSAGES; i++) {
            client.appendMessage(FOLDER, Letters.mime(owner, owner, i));
        }
        client.selectFolder(FOLDER);
        return new Mailbox(client.listMessages().stream().mapToLong(MessageInfo::uid).toArray());
    }

    /**
     * The same folder for another user (a contender of its own on a server that limits connections per
     * user): its UIDs must be these, so that operation i reads the same message for every contender.
     */
    void copy(ImapClient client, String owner) {
        Mailbox copy = fill(client, owner);
        if (!Arrays.equals(uids, copy.uids)) {
            throw new IllegalStateException(owner + "'s " + FOLDER + " does not have the same UIDs");
        }
    }

    long uid(int index) {
        return uids[index % uids.length];
    }

    int pageOffset(int index) {
        return (index % (MESSAGES / PAGE)) * PAGE;
    }
}
