package emailra.karafcheck;

import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SearchQuery;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * What a Karaf user's bundle does with emailra: a Declarative Services component given the SMTP and
 * IMAP factories that etc/io.emailra-*.cfg made. When activated it sends a message from the IMAP
 * factory's user to itself and reads it back, on a thread whose context class loader sees nothing,
 * and writes "OK subject" or the failure to the file its configuration (PID emailra.karafcheck) names.
 */
public class MailCheck {

    private SmtpClientFactory smtp;
    private ImapClientFactory imap;
    private String user;

    protected void setSmtp(SmtpClientFactory smtp) {
        this.smtp = smtp;
    }

    protected void setImap(ImapClientFactory imap, Map<String, ?> properties) {
        this.imap = imap;
        this.user = (String) properties.get("userName");
    }

    protected void activate(Map<String, ?> configuration) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(null) {
        });
        String result;
        try {
            result = "OK " + sendAndReadBack();
        } catch (Exception | AssertionError failure) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            result = "FAILED " + trace;
        } finally {
            thread.setContextClassLoader(previous);
        }
        Files.writeString(Path.of((String) configuration.get("result")), result);
    }

    private String sendAndReadBack() throws Exception {
        String subject = "through Karaf " + UUID.randomUUID();
        MimeMessage message = new MimeMessage((jakarta.mail.Session) null);
        message.setFrom(new InternetAddress(user));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(user));
        message.setSubject(subject);
        message.setText("sent from a DS component in Karaf");
        try (SmtpClient sender = smtp.getClient()) {
            sender.send(message);
        }
        for (int attempt = 0; attempt < 150; attempt++) {
            try (ImapClient reader = imap.getClient()) {
                reader.selectFolder("INBOX");
                var found = reader.search(SearchQuery.all().withSubject(subject));
                if (!found.isEmpty()) {
                    return reader.fetchMessage(found.get(0).uid()).getSubject();
                }
            }
            Thread.sleep(200); // delivery through Postfix to Dovecot: polled, at most 30 s
        }
        throw new AssertionError("'" + subject + "' not in " + user + "'s INBOX within 30 s");
    }
}
