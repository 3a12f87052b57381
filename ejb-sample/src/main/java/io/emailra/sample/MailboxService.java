package io.emailra.sample;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.MessagePart;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The sample EJB: one method per way of choosing a connection. The factories are resource
 * references ({@code java:comp/env/mail/imap}, {@code mail/smtp}); each server's own descriptor in
 * {@code WEB-INF} maps them to the connection factories the operator created (docs/DEPLOYING.md),
 * so the same WAR runs unchanged on every server.
 */
@Stateless
public class MailboxService {

    @Resource(name = "mail/imap")
    ImapClientFactory imap;

    @Resource(name = "mail/smtp")
    SmtpClientFactory smtp;

    @Resource
    ManagedExecutorService executor;

    @EJB
    UnitOfWork unitOfWork;

    /**
     * SMTP in USE_DEFAULT: the send runs on the default connection of this method's transaction,
     * which goes back to the pool when the client closes, before the transaction commits.
     */
    public String send(String from, String to, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject(subject);
        message.setText(text);
        try (SmtpClient client = smtp.getClient(AllocationMode.USE_DEFAULT)) {
            return client.send(message);
        }
    }

    /** IMAP in USE_MAIN: select and list on the client's main connection. */
    public List<MessageInfo> inbox() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            return client.listMessages();
        }
    }

    /** The INBOX of another mail user, signed on with the credentials the caller gives. */
    public List<MessageInfo> inboxOf(String user, String password) {
        try (ImapClient client = imap.getClient(user, password)) {
            client.selectFolder("INBOX");
            return client.listMessages();
        }
    }

    /** The text of one message, fetched as a detached copy. */
    public String read(long uid) throws MessagingException, IOException {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            return String.valueOf(client.fetchMessage(uid).getContent());
        }
    }

    /** One part of a message as the server describes it (type, file name), for the HTTP response's headers. */
    public MessagePart describePart(long uid, String partId) {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            return findPart(client.fetchStructure(uid), partId);
        }
    }

    /** Streams one part, decoded, to {@code out} (an attachment of any size, never held in memory). */
    public void writePart(long uid, String partId, OutputStream out) {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            client.fetchPart(uid, partId, out);
        }
    }

    private static MessagePart findPart(MessagePart part, String partId) {
        if (part.partId().equals(partId)) {
            return part;
        }
        for (MessagePart child : part.parts()) {
            MessagePart found = findPart(child, partId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** USE_DEFAULT inside this method's transaction: the flag is set on the transaction's default connection. */
    public String markRead(long uid) {
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT)) {
            client.selectFolder("INBOX");
            client.setFlags(List.of(uid), Set.of(MessageFlag.SEEN), true);
            return client.currentConnection().id();
        }
    }

    /**
     * The case R9 exists for: one client that outlives two transactions. Each transaction
     * ({@link UnitOfWork}, REQUIRES_NEW) gets a default connection of its own, released when that
     * transaction commits, while the client stays open.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Map<String, Object> clientAcrossTransactions() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT)) {
            EmailConnection first = unitOfWork.countInNewTransaction(client);
            EmailConnection second = unitOfWork.countInNewTransaction(client);
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("first", first.id());
            outcome.put("second", second.id());
            outcome.put("firstReleasedAtCommit", first.isClosed());
            outcome.put("secondReleasedAtCommit", second.isClosed());
            outcome.put("clientOpen", !client.isClosed());
            return outcome;
        }
    }

    /** An independent connection, used only where passed explicitly. */
    public List<FolderInfo> folders() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            EmailConnection independent = client.createConnection();
            try {
                return client.listFolders(independent);
            } finally {
                independent.close();
            }
        }
    }

    /**
     * USE_DEFAULT from several threads of the container's executor: each thread gets a default
     * connection of its own, automatically; all are released when the client closes.
     */
    public Map<String, Integer> parallelCounts() throws InterruptedException, ExecutionException {
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT)) {
            Map<String, Future<Integer>> tasks = new LinkedHashMap<>();
            for (int task = 0; task < 3; task++) {
                tasks.put("INBOX#" + task, executor.submit(() -> client.selectFolder("INBOX").messageCount()));
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Integer>> task : tasks.entrySet()) {
                counts.put(task.getKey(), task.getValue().get());
            }
            return counts;
        }
    }
}
