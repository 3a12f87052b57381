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
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Hashtable;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A bundle that uses emailra as an OSGi application does, from a thread whose context class loader
 * sees nothing (as a DS component's or Karaf shell's may not see Angus): configures an SMTP and an
 * IMAP factory, sends over STARTTLS to Postfix, reads the message back from Dovecot, and writes
 * "OK subject" or the failure to the result file.
 */
public class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Thread worker = new Thread(() -> {
            String result;
            try {
                result = "OK " + sendAndRead(context);
            } catch (Throwable failure) {
                StringWriter trace = new StringWriter();
                failure.printStackTrace(new PrintWriter(trace));
                result = "FAILED " + trace;
            }
            try {
                Files.writeString(Path.of(System.getProperty("emailra.result")), result);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "emailra-osgi-test");
        worker.setContextClassLoader(new ClassLoader(null) {
        });
        worker.start();
    }

    @Override
    public void stop(BundleContext context) {
    }

    private static String sendAndRead(BundleContext context) throws Exception {
        ConfigurationAdmin admin = context.getService(await(context, ConfigurationAdmin.class, null));
        String from = System.getProperty("emailra.from");
        String to = System.getProperty("emailra.to");
        String smtpPid = configure(admin, "SMTP", System.getProperty("emailra.smtp.port"), from);
        String imapPid = configure(admin, "IMAP", System.getProperty("emailra.imap.port"), to);
        SmtpClientFactory smtp = context.getService(await(context, SmtpClientFactory.class, "(emailra.pid=" + smtpPid + ")"));
        ImapClientFactory imap = context.getService(await(context, ImapClientFactory.class, "(emailra.pid=" + imapPid + ")"));

        String subject = "through OSGi bundles " + UUID.randomUUID();
        MimeMessage message = new MimeMessage((Session) null);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("sent from a bundle");
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

    private static String configure(ConfigurationAdmin admin, String protocol, String port, String user)
            throws Exception {
        Configuration configuration = admin.createFactoryConfiguration("io.emailra", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("protocol", protocol);
        properties.put("host", "127.0.0.1");
        properties.put("port", port);
        properties.put("trustStore", System.getProperty("emailra.trustStore"));
        properties.put("trustStorePassword", System.getProperty("emailra.trustStorePassword"));
        properties.put("userName", user);
        properties.put("password", user.substring(0, user.indexOf('@')) + "-secret");
        configuration.update(properties);
        return configuration.getPid();
    }

    private static <S> ServiceReference<S> await(BundleContext context, Class<S> type, String filter) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Collection<ServiceReference<S>> found = context.getServiceReferences(type, filter);
            if (!found.isEmpty()) {
                return found.iterator().next();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + type.getName() + " " + filter + " within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
