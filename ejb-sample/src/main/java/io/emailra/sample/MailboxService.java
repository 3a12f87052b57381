package io.emailra.sample;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The sample EJB: one method per way of choosing a connection. The three factories are the
 * server-level resources an operator creates with asadmin (see the README).
 */
@Stateless
public class MailboxService {

    @Resource(lookup = "mail/imap")
    ImapClientFactory imap;

    @Resource(lookup = "mail/pop3")
    Pop3ClientFactory pop3;

    @Resource(lookup = "mail/smtp")
    SmtpClientFactory smtp;

    @Resource
    ManagedExecutorService executor;

    /** SMTP in USE_DEFAULT: the send runs on this transaction's default connection, released at commit. */
    public String send(String to, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("sample@localhost"));
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

    /** The text of one message, fetched as a detached copy. */
    public String read(long uid) throws MessagingException, IOException {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            return String.valueOf(client.fetchMessage(uid).getContent());
        }
    }

    /**
     * USE_MAIN_OR_DEFAULT inside a container-managed transaction: the default connection created
     * here belongs to the transaction and goes back to the pool when it commits.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String markRead(long uid) {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN_OR_DEFAULT)) {
            EmailConnection byDefault = client.createConnection(true);
            client.selectFolder("INBOX");
            client.setFlags(List.of(uid), Set.of(MessageFlag.SEEN), true);
            return byDefault.id();
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
            for (String folder : List.of("INBOX", "INBOX", "INBOX")) {
                tasks.put(folder + "#" + tasks.size(), executor.submit(() -> client.selectFolder(folder).messageCount()));
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Integer>> task : tasks.entrySet()) {
                counts.put(task.getKey(), task.getValue().get());
            }
            return counts;
        }
    }

    /** POP3: the messages of the mailbox, read in one POP3 session. */
    public List<Pop3MessageInfo> pop3() {
        try (Pop3Client client = pop3.getClient()) {
            return client.listMessages();
        }
    }
}
