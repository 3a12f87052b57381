package emailra.osgitest;

import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Declarative Services component (OSGI-INF/mailuser.xml) that DS activates once emailra's SMTP and
 * IMAP factory services and a Metatype service exist. It reads emailra's Metatype description, and
 * uses the factories from a thread whose context class loader sees nothing
 * (as a DS component's or Karaf shell's may not see Angus): sends over STARTTLS to Postfix, reads the
 * message back from Dovecot, and writes "OK subject" or the failure to the result file.
 */
public class MailUser {

    private SmtpClientFactory smtp;
    private ImapClientFactory imap;
    private MetaTypeService metatype;

    protected void setSmtp(SmtpClientFactory smtp) {
        this.smtp = smtp;
    }

    protected void setImap(ImapClientFactory imap) {
        this.imap = imap;
    }

    protected void setMetatype(MetaTypeService metatype) {
        this.metatype = metatype;
    }

    protected void activate(BundleContext context) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(null) {
        });
        String result;
        try {
            result = "OK " + sendAndRead() + "; " + describe(context);
        } catch (Throwable failure) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            result = "FAILED " + trace;
        } finally {
            thread.setContextClassLoader(previous);
        }
        try {
            Files.writeString(Path.of(System.getProperty("emailra.result")), result);
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /** What the Metatype service says of emailra's factory PID: the first attributes, with type and default. */
    private String describe(BundleContext context) {
        Bundle emailra = Arrays.stream(context.getBundles())
                .filter(bundle -> "io.emailra.ra".equals(bundle.getSymbolicName())).findFirst().orElseThrow();
        MetaTypeInformation information = metatype.getMetaTypeInformation(emailra);
        ObjectClassDefinition definition = information.getObjectClassDefinition("io.emailra", null);
        StringBuilder said = new StringBuilder("metatype of " + String.join(",", information.getFactoryPids()) + ":");
        for (AttributeDefinition attribute : definition.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            String type = switch (attribute.getType()) {
                case AttributeDefinition.STRING -> "String";
                case AttributeDefinition.INTEGER -> "Integer";
                case AttributeDefinition.BOOLEAN -> "Boolean";
                case AttributeDefinition.PASSWORD -> "Password";
                default -> "type " + attribute.getType();
            };
            String[] defaults = attribute.getDefaultValue();
            said.append(' ').append(attribute.getID()).append(' ').append(type)
                    .append(defaults == null ? "" : " " + String.join("|", defaults)).append(',');
        }
        return said.toString();
    }

    private String sendAndRead() throws Exception {
        String from = System.getProperty("emailra.from");
        String to = System.getProperty("emailra.to");
        String subject = "through OSGi bundles " + UUID.randomUUID();
        MimeMessage message = new MimeMessage((Session) null);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("sent from a DS component");
        try (SmtpClient sender = smtp.getClient()) {
            sender.send(message);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (ImapClient reader = imap.getClient()) {
                reader.selectFolder("INBOX");
                Optional<MessageInfo> found = reader.search(SearchQuery.all().withSubject(subject)).stream().findFirst();
                if (found.isPresent()) {
                    return reader.fetchMessage(found.get().uid()).getSubject();
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("'" + subject + "' not in " + to + "'s INBOX within 30 s");
            }
            Thread.sleep(200);
        }
    }
}
