package io.emailra.ra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.emailra.api.ImapClient;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.resource.ResourceException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * An in-process GreenMail (SMTP, POP3, IMAP on 127.0.0.1, random free ports) for one test class,
 * and the non-managed connection factories pointed at it. Every pool a test made is closed after the class.
 */
public final class MailServerExtension implements BeforeAllCallback, AfterAllCallback {

    private GreenMail greenMail;
    private final List<NonManagedConnectionManager> pools = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        pools.forEach(NonManagedConnectionManager::close);
        greenMail.stop();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    /** A new mailbox whose login and password are its address. */
    public String newUser() {
        String address = "u" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        greenMail.setUser(address, address, address);
        return address;
    }

    public <M extends MailManagedConnectionFactory<?>> M configure(M factory, String user) {
        int port = switch (factory.protocol()) {
            case IMAP -> greenMail.getImap().getPort();
            case POP3 -> greenMail.getPop3().getPort();
            case SMTP -> greenMail.getSmtp().getPort();
        };
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setTransportSecurity("NONE");
        factory.setUserName(user);
        factory.setPassword(user);
        return factory;
    }

    /** A pool of at most {@code maxSize} connections, waiting at most 2 s, closed after the class. */
    public NonManagedConnectionManager pool(MailManagedConnectionFactory<?> factory, int maxSize) {
        NonManagedConnectionManager pool = new NonManagedConnectionManager(factory,
                new PoolSettings(maxSize, Duration.ofSeconds(2), Duration.ofMinutes(5)));
        pools.add(pool);
        return pool;
    }

    @SuppressWarnings("unchecked")
    public <F> F clientFactory(MailManagedConnectionFactory<?> factory, NonManagedConnectionManager pool) {
        try {
            return (F) factory.createConnectionFactory(pool);
        } catch (ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MimeMessage message(String from, String to, String subject, String text) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(from));
            message.setRecipients(MimeMessage.RecipientType.TO, to);
            message.setSubject(subject);
            message.setText(text);
            return message;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message from and to the owner with a text part and one attachment (shown as a PDF) of these bytes. */
    public static MimeMessage withAttachment(String owner, byte[] content, String fileName) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(owner));
            message.setRecipients(MimeMessage.RecipientType.TO, owner);
            message.setSubject("invoice");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("see the attachment");
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(content, "application/pdf")));
            file.setFileName(fileName);
            file.setDisposition(MimeBodyPart.ATTACHMENT);
            message.setContent(new MimeMultipart(text, file));
            return message;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a test does in its folder. */
    public interface FolderWork {
        void run(String folder) throws Exception;
    }

    /** Runs the work with a new folder of its own, deleted afterwards. */
    public static void inNewFolder(ImapClient client, FolderWork work) throws Exception {
        String folder = "Api " + UUID.randomUUID().toString().substring(0, 8);
        client.createFolder(folder);
        try {
            work.run(folder);
        } finally {
            client.deleteFolder(folder);
        }
    }
}
