package io.emailra.ra.inbound;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

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
        for (String wrong : new String[]{"ARCHIVE", "MOVE:", "KEYWORD:two words", "SEEN:x", null}) {
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
    void itsDescriptionNeverHoldsThePassword() {
        MailActivationSpec spec = new MailActivationSpec();
        spec.setUserName("orders@example.com");
        spec.setPassword("s3cret-value");
        assertFalse(spec.toString().contains("s3cret-value"), spec.toString());
        assertTrue(spec.toString().contains("orders@example.com"), spec.toString());
    }
}
