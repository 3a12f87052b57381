package io.emailra.ra.physical.pop3;

import io.emailra.api.EmailProtocolException;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.ra.MailServerExtension;
import io.emailra.ra.Pop3ManagedConnectionFactory;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.MailSessionProperties;
import io.emailra.ra.config.MailSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R15 for POP3, on one physical connection against GreenMail: message numbers belong to the session
 * they were read in. When that session ended without the logical connection ending it (a container
 * cleaned the connection up between two operations, which ends the session), the numbers are void
 * even if the next operation runs on the same physical connection.
 */
class Pop3NumbersTest {

    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();

    @Test
    void numbersOfASessionEndedByACleanupAreRefusedOnTheSameConnectionUntilReadAgain() throws Exception {
        String user = MAIL.newUser();
        MAIL.greenMail().getUserManager().getUser(user).deliver(MailServerExtension.message(user, user, "first", "1"));
        MAIL.greenMail().getUserManager().getUser(user).deliver(MailServerExtension.message(user, user, "second", "2"));
        MailServerConfig config = MAIL.configure(new Pop3ManagedConnectionFactory(), user).config();
        Pop3Connection connection = Pop3Connection.open(MailSessions.newSession(MailSessionProperties.of(config)),
                config, user, user);
        try {
            Pop3Numbers numbers = new Pop3Numbers();
            connection.bind(numbers);
            List<Pop3MessageInfo> listed = connection.list();
            assertEquals(2, listed.size());
            connection.delete(1); // marked in this session
            connection.bind(null);

            connection.reset(); // the container's cleanup: the session ends (QUIT commits the deletion)

            connection.bind(numbers);
            EmailProtocolException refused = assertThrows(EmailProtocolException.class, () -> connection.fetch(1));
            assertTrue(refused.getMessage().contains("message number 1 is from a POP3 session")
                    && refused.getMessage().contains("has ended"), refused.getMessage());
            assertEquals("second", connection.fetch(listed.get(1).uid()).getSubject(), "UIDLs work in any session");
            List<Pop3MessageInfo> again = connection.list();
            assertEquals(1, again.size(), "the first message was deleted when the session ended");
            assertEquals("second", connection.fetch(1).getSubject(), "numbers read again are the new session's");
            connection.bind(null);
        } finally {
            connection.close();
        }
    }
}
