package io.emailra.ra.logical;

import io.emailra.api.EmailConnection;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.EmailSendException;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.ra.physical.ConnectionFailures;
import io.emailra.ra.physical.smtp.SmtpConnection;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@link SmtpClient}: checks messages, then sends them on their connection's {@link SmtpConnection}. */
public final class SmtpClientImpl extends AbstractEmailClient<SmtpConnection> implements SmtpClient {

    public SmtpClientImpl(ClientContext<SmtpConnection> context) {
        super(context);
    }

    @Override
    public String send(MimeMessage message) {
        return send(CURRENT, message);
    }

    @Override
    public String send(EmailConnection connection, MimeMessage message) {
        Arguments.requireSendable(message);
        return run(connection, physical -> physical.send(message));
    }

    @Override
    public List<String> send(Collection<MimeMessage> messages) {
        return send(CURRENT, messages);
    }

    @Override
    public List<String> send(EmailConnection connection, Collection<MimeMessage> messages) {
        List<MimeMessage> batch = List.copyOf(Arguments.requireElements(messages, "messages"));
        batch.forEach(Arguments::requireSendable);
        List<SendResult> results = run(connection, physical -> sendAll(physical, batch));
        List<SendResult> refused = results.stream().filter(r -> !r.sent()).toList();
        if (!refused.isEmpty()) {
            throw new EmailSendException(refused.size() + " of " + batch.size() + " messages were refused, the others sent: "
                    + refused.stream().map(r -> "#" + r.index() + ": " + r.failure().getMessage()).toList(), results);
        }
        return results.stream().map(SendResult::messageId).toList();
    }

    /**
     * Sends each message; one the server refused, or whose content could not be written, is recorded
     * and the batch goes on. A lost connection ends the batch, saying which messages went before it.
     */
    private List<SendResult> sendAll(SmtpConnection physical, List<MimeMessage> batch) throws MessagingException {
        List<SendResult> results = new ArrayList<>(batch.size());
        for (MimeMessage message : batch) {
            int index = results.size();
            try {
                results.add(new SendResult(index, physical.send(message), null));
            } catch (MessagingException e) {
                if (ConnectionFailures.isConnectionLoss(e)) {
                    throw new MessagingException("the connection was lost at message #" + index + " of " + batch.size()
                            + "; sent before it: " + results.stream().map(SendResult::messageId).toList(), e);
                }
                results.add(new SendResult(index, null,
                        new EmailProtocolException("refused: " + ConnectionFailures.describe(e), e)));
            } catch (IllegalArgumentException unwritable) {
                results.add(new SendResult(index, null, unwritable));
            }
        }
        return results;
    }
}
