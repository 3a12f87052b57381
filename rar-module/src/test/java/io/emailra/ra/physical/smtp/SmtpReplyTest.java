package io.emailra.ra.physical.smtp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpReplyTest {

    private static InputStream replies(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void repliesAreReadOneAtATimeWithTheirContinuationLines() throws IOException {
        InputStream in = replies("250 2.1.0 Ok\r\n550-5.1.1 no such user\r\n550 5.1.1 really\r\n354\r\n");
        SmtpReply ok = SmtpReply.read(in, 100);
        assertEquals(250, ok.code());
        assertTrue(ok.positive());
        SmtpReply refused = SmtpReply.read(in, 100);
        assertEquals(550, refused.code());
        assertEquals("550-5.1.1 no such user\n550 5.1.1 really", refused.text());
        assertFalse(refused.positive());
        assertEquals(354, SmtpReply.read(in, 100).code(), "a bare code, and a line ended by LF alone");
    }

    @Test
    void whatIsNotAReplyOrEndsEarlyOrRunsOnIsAnIoFailure() {
        assertThrows(EOFException.class, () -> SmtpReply.read(replies("250-more to come\r\n"), 100));
        IOException garbage = assertThrows(IOException.class, () -> SmtpReply.read(replies("* OK IMAP here\r\n"), 100));
        assertTrue(garbage.getMessage().contains("not an SMTP reply"), garbage.getMessage());
        assertThrows(IOException.class, () -> SmtpReply.read(replies("25x Ok\r\n"), 100));
        IOException endless = assertThrows(IOException.class, () -> SmtpReply.read(replies("250 " + "x".repeat(200)), 100));
        assertTrue(endless.getMessage().contains("longer than 100"), endless.getMessage());
    }
}
