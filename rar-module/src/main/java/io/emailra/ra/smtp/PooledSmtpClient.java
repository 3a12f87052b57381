package io.emailra.ra.smtp;

import io.emailra.api.EmailConnection;
import io.emailra.api.SmtpClient;
import io.emailra.ra.client.AbstractEmailClient;
import io.emailra.ra.client.Arguments;
import io.emailra.ra.client.ClientContext;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@link SmtpClient}: checks messages, then sends them on their connection's {@link SmtpSession}. */
final class PooledSmtpClient extends AbstractEmailClient<SmtpSession> implements SmtpClient {

    PooledSmtpClient(ClientContext<SmtpSession> context) {
        super(context);
    }

    @Override
    public String send(MimeMessage message) {
        return send(CURRENT, message);
    }

    @Override
    public String send(EmailConnection connection, MimeMessage message) {
        Arguments.requireSendable(message);
        return run(connection, session -> session.send(message));
    }

    @Override
    public List<String> send(Collection<MimeMessage> messages) {
        return send(CURRENT, messages);
    }

    @Override
    public List<String> send(EmailConnection connection, Collection<MimeMessage> messages) {
        List<MimeMessage> batch = List.copyOf(Arguments.requireElements(messages, "messages"));
        batch.forEach(Arguments::requireSendable);
        return run(connection, session -> {
            List<String> ids = new ArrayList<>(batch.size());
            for (MimeMessage message : batch) {
                try {
                    ids.add(session.send(message));
                } catch (MessagingException e) {
                    throw new MessagingException("message " + (ids.size() + 1) + " of " + batch.size()
                            + " was not sent (the " + ids.size() + " before it were: " + ids + "): "
                            + e.getMessage(), e);
                }
            }
            return ids;
        });
    }
}
