package io.emailra.ra.inbound;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The activation config is checked as the connection factories' is: property, value and valid values named. */
class MailActivationSpecTest {

    @Test
    void theDefaultsAreValid() throws InvalidPropertyException {
        InboundSettings settings = new MailActivationSpec().settings();
        assertEquals("INBOX", settings.folder());
        assertEquals(new AfterDelivery(AfterDelivery.Action.SEEN, null), settings.afterDelivery());
        assertEquals(Duration.ofSeconds(2), settings.pollInterval());
        assertEquals(5, settings.maxDeliveryAttempts());
        assertEquals(InboundSettings.ReceiveMode.AUTO, settings.receiveMode());
        assertEquals(Duration.ofSeconds(10), settings.idleRefresh());
        assertEquals(InboundSettings.Protocol.IMAP, settings.protocol());
        assertEquals(InboundFilter.ALL, settings.filter());
    }

    @Test
    void pop3DeletesByDefaultAndRefusesWhatPop3CannotDo() throws InvalidPropertyException {
        MailActivationSpec spec = new MailActivationSpec();
        spec.setProtocol("pop3");
        assertEquals(new AfterDelivery(AfterDelivery.Action.DELETE, null), spec.settings().afterDelivery());
        assertEquals(InboundSettings.Protocol.POP3, spec.settings().protocol());
        String[][] refused = {{"folder", "Orders"}, {"receiveMode", "IDLE"}, {"afterDelivery", "SEEN"}, {"filter", "UNSEEN"}};
        for (String[] wrong : refused) {
            MailActivationSpec pop3 = with("protocol", "POP3", wrong[0], wrong[1]);
            String message = assertThrows(InvalidPropertyException.class, pop3::validate).getMessage();
            assertTrue(message.contains("'" + wrong[0] + "'") && message.contains("'" + wrong[1] + "'")
                    && message.contains("with protocol POP3"), message);
        }
        spec.setProtocol("SMTP");
        String message = assertThrows(InvalidPropertyException.class, spec::validate).getMessage();
        assertTrue(message.contains("'protocol'") && message.contains("IMAP, POP3"), message);
    }

    @Test
    void aFilterIsConditionsJoinedByAnd() throws InvalidPropertyException {
        MailActivationSpec spec = new MailActivationSpec();
        spec.setFilter("unseen && Subject: Order && HEADER:X-Priority:1 && from:@shop.example");
        assertEquals(new InboundFilter(List.of(new InboundFilter.Condition("UNSEEN", null),
                new InboundFilter.Condition("Subject", "Order"), new InboundFilter.Condition("X-Priority", "1"),
                new InboundFilter.Condition("From", "@shop.example"))), spec.settings().filter());
        for (String wrong : new String[]{"", "SUBJECT:", "UNSEEN && ", "HEADER:X-Priority", "HEADER::x", "TO:bob", "UNSEEN:x", "SUBJECT:  "}) {
            spec.setFilter(wrong);
            String message = assertThrows(InvalidPropertyException.class, spec::validate, wrong).getMessage();
            assertTrue(message.contains("'filter'") && message.contains("SUBJECT:<text>"), message);
        }
    }

    @Test
    void afterDeliveryTakesEachActionAndNamesTheValidOnes() throws InvalidPropertyException {
        MailActivationSpec spec = new MailActivationSpec();
        spec.setAfterDelivery("move:Done/2025");
        assertEquals(new AfterDelivery(AfterDelivery.Action.MOVE, "Done/2025"), spec.settings().afterDelivery());
        spec.setAfterDelivery("KEYWORD:$Handled");
        assertEquals(new AfterDelivery(AfterDelivery.Action.KEYWORD, "$Handled"), spec.settings().afterDelivery());
        spec.setAfterDelivery("DELETE");
        assertEquals(AfterDelivery.Action.DELETE, spec.settings().afterDelivery().action());
        for (String wrong : new String[]{"ARCHIVE", "MOVE:", "KEYWORD:two words", "SEEN:x", " "}) {
            spec.setAfterDelivery(wrong);
            InvalidPropertyException refused = assertThrows(InvalidPropertyException.class, spec::validate, wrong);
            assertTrue(refused.getMessage().contains("'afterDelivery'") && refused.getMessage().contains("'" + wrong + "'")
                    && refused.getMessage().contains("MOVE:<folder>"), refused.getMessage());
        }
    }

    @Test
    void numbersFoldersAndModesOutOfRangeAreRefused() {
        MailActivationSpec spec = new MailActivationSpec();
        spec.setMaxDeliveryAttempts(0);
        assertTrue(assertThrows(InvalidPropertyException.class, spec::validate).getMessage().contains("'maxDeliveryAttempts'"));
        spec.setMaxDeliveryAttempts(3);
        spec.setPollIntervalMillis(10);
        assertTrue(assertThrows(InvalidPropertyException.class, spec::validate).getMessage().contains("from 100"));
        spec.setPollIntervalMillis(1000);
        spec.setFolder("a\r\nb");
        assertTrue(assertThrows(InvalidPropertyException.class, spec::validate).getMessage().contains("'folder'"));
        spec.setFolder("INBOX");
        spec.setReceiveMode("PUSH");
        String mode = assertThrows(InvalidPropertyException.class, spec::validate).getMessage();
        assertTrue(mode.contains("'receiveMode'") && mode.contains("IDLE, POLL, AUTO"), mode);
        spec.setReceiveMode("idle");
        spec.setIdleRefreshMillis(999);
        assertTrue(assertThrows(InvalidPropertyException.class, spec::validate).getMessage().contains("'idleRefreshMillis'"));
    }

    @Test
    void referencesAreResolvedFromSystemPropertiesAndTheEnvironmentWithDefaults() throws InvalidPropertyException {
        System.setProperty("emailra.test.mail.host", "mail.internal");
        try {
            MailActivationSpec spec = new MailActivationSpec();
            spec.setHost("${emailra.test.mail.host}");
            spec.setPort("${emailra.test.imap.port:1143}");
            spec.setUserName("${emailra.test.user:orders}@example.com");
            spec.setPassword("${PATH}"); // an environment variable every test machine has
            spec.setFolder("${emailra.test.folder:Orders}");
            InboundServer server = spec.server();
            assertEquals("mail.internal", server.host());
            assertEquals(1143, server.port());
            assertEquals("orders@example.com", server.userName());
            assertEquals(System.getenv("PATH"), server.password());
            assertFalse(server.toString().contains(server.password()), "no password in " + server);
            assertEquals("Orders", spec.settings().folder());
            spec.setPassword("${EMAILRA_TEST_NOT_SET_ANYWHERE}");
            String unset = assertThrows(InvalidPropertyException.class, spec::server).getMessage();
            assertTrue(unset.contains("'password'") && unset.contains("EMAILRA_TEST_NOT_SET_ANYWHERE is not"), unset);
            spec.setPassword("secret");
            spec.setPort("${emailra.test.imap.port:imap}");
            String port = assertThrows(InvalidPropertyException.class, spec::server).getMessage();
            assertTrue(port.contains("'port'") && port.contains("'imap'") && port.contains("1 to 65535"), port);
        } finally {
            System.clearProperty("emailra.test.mail.host");
        }
    }

    @Test
    void eachFolderIsItsOwnAndTheClaimFolderFollowsTheWatchedOne() throws InvalidPropertyException {
        MailActivationSpec spec = new MailActivationSpec();
        assertEquals("emailra-processing", spec.settings().claimFolder());
        assertEquals(Duration.ofMinutes(5), spec.settings().claimTimeout());
        spec.setFolder("Orders");
        assertEquals("emailra-processing-Orders", spec.settings().claimFolder(), "one claim folder per watched folder");
        String[][] clashes = {{"claimFolder", "orders"}, {"poisonFolder", "Orders"}, {"afterDelivery", "MOVE:Orders"}};
        for (String[] clash : clashes) {
            MailActivationSpec wrong = with("folder", "Orders", clash[0], clash[1]);
            String message = assertThrows(InvalidPropertyException.class, wrong::validate).getMessage();
            assertTrue(message.contains("'" + clash[0] + "'") && message.contains("each its own"), message);
        }
        spec.setClaimTimeoutMillis(999);
        assertTrue(assertThrows(InvalidPropertyException.class, spec::validate).getMessage().contains("'claimTimeoutMillis'"));
    }

    @Test
    void aMalformedReferenceIsRefusedAndAPasswordNeverShown() {
        MailActivationSpec spec = new MailActivationSpec();
        spec.setHost("${MAIL-HOST}");
        String host = assertThrows(InvalidPropertyException.class, spec::server).getMessage();
        assertTrue(host.contains("'host'") && host.contains("${MAIL-HOST}") && host.contains("${NAME:default}"), host);
        spec.setHost("mail.example.com");
        spec.setPassword("s3cret-${EMAILRA_TEST_NOT_SET_ANYWHERE}");
        String password = assertThrows(InvalidPropertyException.class, spec::server).getMessage();
        assertTrue(password.contains("'password'") && !password.contains("s3cret"), password);
    }

    /** A spec with two properties set, by name, as a container sets them. */
    private static MailActivationSpec with(String first, String firstValue, String second, String secondValue) {
        MailActivationSpec spec = new MailActivationSpec();
        for (String[] property : new String[][]{{first, firstValue}, {second, secondValue}}) {
            switch (property[0]) {
                case "protocol" -> spec.setProtocol(property[1]);
                case "folder" -> spec.setFolder(property[1]);
                case "receiveMode" -> spec.setReceiveMode(property[1]);
                case "afterDelivery" -> spec.setAfterDelivery(property[1]);
                case "filter" -> spec.setFilter(property[1]);
                case "claimFolder" -> spec.setClaimFolder(property[1]);
                case "poisonFolder" -> spec.setPoisonFolder(property[1]);
                default -> throw new IllegalArgumentException(property[0]);
            }
        }
        return spec;
    }

    @Test
    void itsDescriptionNeverHoldsThePassword() {
        MailActivationSpec spec = new MailActivationSpec();
        spec.setUserName("orders@example.com");
        spec.setPassword("s3cret-value");
        assertFalse(spec.toString().contains("s3cret-value"), spec.toString());
        assertTrue(spec.toString().contains("orders@example.com"), spec.toString());
    }
}
