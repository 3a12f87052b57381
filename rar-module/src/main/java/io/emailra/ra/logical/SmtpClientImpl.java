package io.emailra.ra.logical;

import io.emailra.api.EmailConnection;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailBatchInterruptedException;
import io.emailra.api.EmailException;
import io.emailra.api.EmailOutcomeUnknownException;
import io.emailra.api.EmailSendException;
import io.emailra.api.Envelope;
import io.emailra.api.RecipientResult;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.ra.physical.ConnectionFailures;
import io.emailra.ra.physical.Refusals;
import io.emailra.ra.physical.smtp.BatchInterruptedException;
import io.emailra.ra.physical.smtp.Outcome;
import io.emailra.ra.physical.smtp.SmtpConnection;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

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
        List<SendResult> results;
        try {
            results = results(run(connection, "send", physical -> physical.send(batch)));
        } catch (EmailException e) {
            BatchInterruptedException interrupted = interruption(e);
            if (interrupted == null) {
                throw e;
            }
            List<SendResult> partial = results(interrupted.outcomes());
            throw new EmailBatchInterruptedException(e.getMessage() + "; " + progress(partial), partial, e);
        }
        List<SendResult> refused = results.stream().filter(r -> !r.sent()).toList();
        if (!refused.isEmpty()) {
            throw new EmailSendException(refused.size() + " of " + batch.size() + " messages were refused, the others sent: "
                    + refused.stream().map(r -> "#" + r.index() + ": " + r.failure().getMessage()).toList(), results);
        }
        return results.stream().map(SendResult::messageId).toList();
    }

    /** The physical connection's account of an interrupted batch, in the failure's causes; null if none. */
    private static BatchInterruptedException interruption(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchInterruptedException interrupted) {
                return interrupted;
            }
        }
        return null;
    }

    /** Each message's outcome as the API reports it. */
    private static List<SendResult> results(List<Outcome> outcomes) {
        List<SendResult> results = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            int index = results.size();
            if (outcome instanceof Outcome.Sent sent) {
                SendResult result = delivered(sent.delivery());
                results.add(new SendResult(index, result.messageId(), result.failure(), result.recipients()));
            } else if (outcome instanceof Outcome.Refused refused) {
                results.add(new SendResult(index, null,
                        Refusals.of("refused: " + ConnectionFailures.describe(refused.refusal()), refused.refusal()), List.of()));
            } else if (outcome instanceof Outcome.Unwritable unwritable) {
                results.add(new SendResult(index, null, unwritable.failure(), List.of()));
            } else if (outcome instanceof Outcome.Unknown unknown) {
                results.add(new SendResult(index, null, new EmailOutcomeUnknownException("handed to the server, and the"
                        + " connection ended before its reply: it may have been accepted (Message-ID "
                        + unknown.messageId() + ")", unknown.messageId()), List.of()));
            } else {
                results.add(new SendResult(index, null, new EmailConnectionException(
                        "not sent: the batch ended before the server took it", null), List.of()));
            }
        }
        return results;
    }

    /** Where a batch ended: which messages went, which may have, which did not. */
    private static String progress(List<SendResult> results) {
        return "sent: " + indexes(results, r -> r.messageId() != null)
                + ", outcome unknown: " + indexes(results, r -> r.failure() instanceof EmailOutcomeUnknownException)
                + ", not sent: " + indexes(results, r -> r.messageId() == null
                && r.failure() instanceof EmailConnectionException);
    }

    private static List<Integer> indexes(List<SendResult> results, Predicate<SendResult> which) {
        return results.stream().filter(which).map(SendResult::index).toList();
    }
}
