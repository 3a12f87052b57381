package io.emailra.ra;

import io.emailra.ra.physical.ConnectionFailures;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures evict a connection, and how failures are described. */
class ConnectionFailuresTest {

    @Test
    void lostConnectionsAreToldFromRefusals() {
        assertTrue(ConnectionFailures.isConnectionLoss(new MessagingException("read", new SocketTimeoutException("Read timed out"))));
        assertTrue(ConnectionFailures.isConnectionLoss(new FolderClosedException(null, "BYE")));
        assertTrue(ConnectionFailures.isConnectionLoss(new MessagingException("connection failure")),
                "Angus IMAPStore's cause-less reconnect failure");
        assertFalse(ConnectionFailures.isConnectionLoss(new SMTPSendFailedException("RCPT", 550, "no such user", null, null, null, null)));
        assertFalse(ConnectionFailures.isConnectionLoss(new MessagingException("NO [TRYCREATE] no such mailbox")));
    }

    @Test
    void onlyARefusalOfTheCredentialsIsAnAuthenticationFailure() {
        for (String notARefusal : List.of("454 4.7.0 Temporary authentication failure",
                "[UNAVAILABLE] Temporary authentication failure. [host:2026]", "[SYS/TEMP] Temporary authentication failure",
                "[LIMIT] Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)",
                "421 4.7.0 Too many connections", "[IN-USE] Mailbox is locked by another POP3 session",
                "EOF on socket", "[EOF]", "Read timed out", "STLS required but not supported", "STARTTLS not available")) {
            assertFalse(ConnectionFailures.isCredentialRefusal(new AuthenticationFailedException(notARefusal)), notARefusal);
        }
        AuthenticationFailedException withIoCause = new AuthenticationFailedException("login failed");
        withIoCause.setNextException(new MessagingException("io", new java.io.EOFException()));
        assertFalse(ConnectionFailures.isCredentialRefusal(withIoCause));
        assertTrue(ConnectionFailures.isCredentialRefusal(
                new AuthenticationFailedException("[AUTHENTICATIONFAILED] Authentication failed.")));
        assertTrue(ConnectionFailures.isCredentialRefusal(
                new AuthenticationFailedException("535 5.7.8 Error: authentication failed")));
        assertTrue(ConnectionFailures.isCredentialRefusal(new AuthenticationFailedException("[AUTH] Authentication failed.")));
    }

    @Test
    void aServersConnectionLimitIsToldFromOtherRefusals() {
        for (String limit : List.of("[LIMIT] Maximum number of connections from user+IP exceeded",
                "Too many simultaneous connections. (Failure)", "421 4.7.0 Too many concurrent SMTP connections",
                "421 4.7.0 localhost Error: too many connections from 127.0.0.1")) {
            assertTrue(ConnectionFailures.isServerLimit(new MessagingException("cannot sign on",
                    new AuthenticationFailedException(limit))), limit);
        }
        for (String other : List.of("[AUTHENTICATIONFAILED] Authentication failed.", "421 4.3.2 Service shutting down",
                "454 4.7.0 Temporary authentication failure")) {
            assertFalse(ConnectionFailures.isServerLimit(new AuthenticationFailedException(other)), other);
        }
    }

    @Test
    void descriptionsNameEachCauseOnce() {
        MessagingException failure = new MessagingException("Could not convert socket to TLS",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));
        assertEquals("Could not convert socket to TLS: PKIX path building failed", ConnectionFailures.describe(failure));
    }
}
