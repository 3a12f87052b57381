package io.emailra.ra.logical;

import io.emailra.api.EmailConnection;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailSendException;
import io.emailra.api.Envelope;
import io.emailra.api.RecipientResult;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.ra.physical.ConnectionFailures;
import io.emailra.ra.physical.Refusals;
import io.emailra.ra.physical.smtp.SmtpConnection;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

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
        SendResult result = delivered(run(connection, "send", physical -> physical.send(message, null)));
        if (!result.sent()) {
            throw new EmailSendException(result.failure().getMessage(), List.of(result));
        }
        return result.messageId();
    }

    @Override
    public SendResult send(MimeMessage message, Envelope envelope) {
        return send(CURRENT, message, envelope);
    }

    @Override
    public SendResult send(EmailConnection connection, MimeMessage message, Envelope envelope) {
        Arguments.requireSendable(message, false);
        Objects.requireNonNull(envelope, "envelope must not be null");
        SendResult result = delivered(run(connection, "send", physical -> physical.send(message, envelope)));
        if (result.messageId() == null) {
            throw new EmailSendException(result.failure().getMessage(), List.of(result));
        }
        return result;
    }

    /**
     * A delivery as the API reports it; refused recipients are a failure naming each with the
     * server's reply, and carrying the first one's codes.
     */
    private static SendResult delivered(SmtpConnection.Delivery delivery) {
        List<RecipientResult> refused = delivery.recipients().stream().filter(r -> !r.accepted()).toList();
        if (refused.isEmpty()) {
            return new SendResult(0, delivery.messageId(), null, delivery.recipients());
        }
        String what = (delivery.messageId() == null ? "the server refused every recipient: " : "the server refused "
                + refused.size() + " of " + delivery.recipients().size() + " recipients (the others got the message): ")
                + refused.stream().map(r -> r.address() + " (" + r.reply() + ")").toList();
        return new SendResult(0, delivery.messageId(), Refusals.ofReply(what, refused.get(0).replyCode(), refused.get(0).reply()),
                delivery.recipients());
    }

    @Override
    public List<String> send(Collection<MimeMessage> messages) {
        return send(CURRENT, messages);
    }

    @Override
    public List<String> send(EmailConnection connection, Collection<MimeMessage> messages) {
        List<MimeMessage> batch = List.copyOf(Arguments.requireElements(messages, "messages"));
        batch.forEach(Arguments::requireSendable);
        List<SendResult> results = run(connection, "send", physical -> sendAll(physical, batch));
        List<SendResult> refused = results.stream().filter(r -> !r.sent()).toList();
        if (!refused.isEmpty()) {
            throw new EmailSendException(refused.size() + " of " + batch.size() + " messages were refused, the others sent: "
                    + refused.stream().map(r -> "#" + r.index() + ": " + r.failure().getMessage()).toList(), results);
        }
        return results.stream().map(SendResult::messageId).toList();
    }

    /**
     * Sends each message; one the server refused, or whose content could not be written, is recorded
     * and the batch goes on. A lost connection, or an interrupt while a message waits for its turn
     * ({@code maxMessagesPerSecond}), ends the batch, saying which messages went before it.
     */
    private List<SendResult> sendAll(SmtpConnection physical, List<MimeMessage> batch) throws MessagingException {
        List<SendResult> results = new ArrayList<>(batch.size());
        for (MimeMessage message : batch) {
            int index = results.size();
            try {
                SendResult result = delivered(physical.send(message, null));
                results.add(new SendResult(index, result.messageId(), result.failure(), result.recipients()));
            } catch (MessagingException e) {
                if (ConnectionFailures.isConnectionLoss(e)) {
                    throw new MessagingException("the connection was lost " + progress(results, batch), e);
                }
                results.add(new SendResult(index, null,
                        Refusals.of("refused: " + ConnectionFailures.describe(e), e), List.of()));
            } catch (IllegalArgumentException unwritable) {
                results.add(new SendResult(index, null, unwritable, List.of()));
            } catch (EmailConnectionException interrupted) {
                throw new EmailConnectionException(interrupted.getMessage() + " " + progress(results, batch), interrupted);
            }
        }
        return results;
    }

    /** Where a batch ended: the message it stopped at, and the Message-IDs of those sent before it. */
    private static String progress(List<SendResult> results, List<MimeMessage> batch) {
        return "at message #" + results.size() + " of " + batch.size() + "; sent before it: "
                + results.stream().map(SendResult::messageId).toList();
    }
}
