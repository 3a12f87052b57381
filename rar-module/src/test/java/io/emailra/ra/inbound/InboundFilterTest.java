package io.emailra.ra.inbound;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POP3's filter looks at the message itself: each condition a field containing the text, ignoring case, decoded. */
class InboundFilterTest {

    private static MimeMessage message(String subject, String from, String priority) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject(subject, "UTF-8");
        message.setHeader("From", from);
        if (priority != null) {
            message.setHeader("X-Priority", priority);
        }
        return message;
    }

    @Test
    void everyConditionMustHold() throws Exception {
        InboundFilter filter = InboundFilter.parse("test", "SUBJECT:order && FROM:@shop.example && HEADER:X-Priority:1");
        assertTrue(filter.matches(message("Your ORDER 42", "Shop <sales@shop.example>", "1 (Highest)")));
        assertFalse(filter.matches(message("Your order 42", "Shop <sales@shop.example>", null)), "no X-Priority");
        assertFalse(filter.matches(message("Invoice", "Shop <sales@shop.example>", "1")), "another subject");
        assertTrue(InboundFilter.parse("test", "SUBJECT:bestellung für").matches(message("Ihre Bestellung für Mai", "a@b.c", null)),
                "an encoded subject is compared decoded");
        assertTrue(InboundFilter.ALL.matches(message("anything", "a@b.c", null)));
    }
}
