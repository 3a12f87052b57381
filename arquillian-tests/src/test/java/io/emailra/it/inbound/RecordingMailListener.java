package io.emailra.it.inbound;

import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.annotation.Resource;
import jakarta.ejb.MessageDrivenContext;
import jakarta.mail.MessagingException;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A message-driven bean (declared in the test's ejb-jar.xml, activated by emailra; container-managed
 * transactions) that records every delivery. It refuses messages whose subject starts with "fail", as
 * an application with a bug would, and rolls back the first delivery of those starting with
 * "rollback" without throwing, as an application whose database work failed would.
 */
public class RecordingMailListener implements MailListener {

    public static final Queue<ReceivedMail> RECEIVED = new ConcurrentLinkedQueue<>();

    @Resource
    MessageDrivenContext context;

    @Override
    public void onMail(ReceivedMail mail) {
        RECEIVED.add(mail);
        String subject;
        try {
            subject = mail.message().getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        if (subject.startsWith("fail")) {
            throw new IllegalStateException("the test's listener refuses '" + subject + "'");
        }
        if (subject.startsWith("rollback") && mail.attempt() == 1) {
            context.setRollbackOnly();
        }
    }
}
