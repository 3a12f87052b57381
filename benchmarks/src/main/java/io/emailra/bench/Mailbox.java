package io.emailra.bench;

import io.emailra.api.ImapClient;
import io.emailra.api.MessageInfo;

import java.util.Arrays;
import java.util.List;

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
        return fill(client, owner, FOLDER, MESSAGES);
    }

    /** The folder made anew with this many messages, and left selected. */
    static Mailbox fill(ImapClient client, String owner, String folder, int messages) {
        if (client.listFolders().stream().anyMatch(info -> info.fullName().equals(folder))) {
            client.deleteFolder(folder);
        }
        client.createFolder(folder);
        for (int i = 0; i < messages; i++) {
            client.appendMessage(folder, Letters.mime(owner, owner, i));
        }
        client.selectFolder(folder);
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

    List<Long> uids() {
        return Arrays.stream(uids).boxed().toList();
    }

    long uid(int index) {
        return uids[index % uids.length];
    }

    int pageOffset(int index) {
        return (index % (MESSAGES / PAGE)) * PAGE;
    }
}
