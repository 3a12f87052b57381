package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.physical.Credentials;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.TransactionSupport;
import io.emailra.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config properties: defaults, accepted spellings, and errors that name property, value and valid values. */
class ConfigurationTest {

    /** A container shows a wrong value to its first caller only: the server log gets it once, without secrets. */
    @Test
    void aWrongValueIsLoggedOnceNamingThePropertyTheValueAndTheValidValues() {
        java.util.List<java.util.logging.LogRecord> logged;
        try (LogCapture log = LogCapture.of(MailManagedConnectionFactory.class.getName())) {
            ImapManagedConnectionFactory factory = new ImapManagedConnectionFactory();
            factory.setPassword("never-logged");
            factory.setAllocationMode("SOMETIMES");
            for (int call = 0; call < 3; call++) {
                assertThrows(jakarta.resource.spi.InvalidPropertyException.class, factory::createConnectionFactory);
            }
            logged = log.records();
        }
        assertEquals(1, logged.size(), "logged once");
        assertEquals(java.util.logging.Level.SEVERE, logged.get(0).getLevel());
        String message = LogCapture.text(logged.get(0));
        assertTrue(message.contains("'allocationMode'") && message.contains("'SOMETIMES'")
                && message.contains("USE_MAIN_OR_DEFAULT") && message.contains("localhost"), message);
        assertTrue(!message.contains("never-logged"), message);
    }

    @Test
    void defaultsAreStartTlsOnTheStandardPortInUseMainOrDefault() {
        MailServerConfig imap = new ImapManagedConnectionFactory().config();
        assertEquals("localhost", imap.host());
        assertEquals(143, imap.port());
        assertEquals(AllocationMode.USE_MAIN_OR_DEFAULT, imap.allocationMode());
        assertEquals(10_000, imap.connectTimeoutMillis());
        assertEquals(30_000, imap.readTimeoutMillis());
        assertTrue(imap.checkServerIdentity());
        assertEquals("STARTTLS", imap.security().name());
    }

    @ParameterizedTest
    @CsvSource({"IMAP,STARTTLS,143", "IMAP,TLS,993", "IMAP,NONE,143", "POP3,STARTTLS,110", "POP3,TLS,995",
            "SMTP,STARTTLS,587", "SMTP,TLS,465"})
    void unsetPortIsTheProtocolsStandardPortForTheSecurity(String protocol, String security, int port) {
        MailManagedConnectionFactory<?> factory = switch (protocol) {
            case "IMAP" -> new ImapManagedConnectionFactory();
            case "POP3" -> new Pop3ManagedConnectionFactory();
            default -> new SmtpManagedConnectionFactory();
        };
        factory.setTransportSecurity(security);
        assertEquals(port, factory.config().port());
    }

    @ParameterizedTest
    @CsvSource({"UseMainOrDefault,USE_MAIN_OR_DEFAULT", "usemain,USE_MAIN", "Use-Default,USE_DEFAULT",
            "use_default,USE_DEFAULT", "' USE_MAIN ',USE_MAIN"})
    void allocationModeAcceptsAsposeSpellingsInAnyCase(String value, AllocationMode expected) {
        ImapManagedConnectionFactory factory = new ImapManagedConnectionFactory();
        factory.setAllocationMode(value);
        assertEquals(expected, factory.config().allocationMode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "allocationMode|SOMETIMES|USE_MAIN_OR_DEFAULT, USE_MAIN, USE_DEFAULT",
            "transportSecurity|SSL|NONE, STARTTLS, TLS",
            "port|0|1 to 65535",
            "port|65536|1 to 65535",
            "readTimeoutMillis|0|a number of milliseconds from 1",
            "host|bad host|a host name or IP address without spaces",
            "mailProperties|timeout=5|entries 'mail.key=value' separated by ';'"})
    void aWrongValueFailsTheConnectionFactoryNamingPropertyValueAndValidValues(String property, String value,
                                                                               String allowed) {
        ImapManagedConnectionFactory factory = new ImapManagedConnectionFactory();
        switch (property) {
            case "allocationMode" -> factory.setAllocationMode(value);
            case "transportSecurity" -> factory.setTransportSecurity(value);
            case "port" -> factory.setPort(Integer.valueOf(value));
            case "readTimeoutMillis" -> factory.setReadTimeoutMillis(Integer.valueOf(value));
            case "host" -> factory.setHost(value);
            default -> factory.setMailProperties(value);
        }
        InvalidPropertyException failure = assertThrows(InvalidPropertyException.class, factory::createConnectionFactory);
        String message = failure.getMessage();
        assertTrue(message.contains("'" + property + "'"), message);
        assertTrue(message.contains("'" + value + "'"), message);
        assertTrue(message.contains(allowed), message);
        assertTrue(message.contains("ImapManagedConnectionFactory"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "deliveryMode|LATER|IMMEDIATE, ON_COMMIT",
            "retryForMillis|0|a number of milliseconds from 1",
            "retryForMillis|-5|a number of milliseconds from 1",
            "maxMessagesPerConnection|0|a number of messages from 1, or unset for no limit",
            "maxMessagesPerConnection|-1|a number of messages from 1, or unset for no limit",
            "maxConnectionAgeMillis|-1|a number of milliseconds from 1, or unset for no limit",
            "maxMessagesPerSecond|0|a number of messages from 1, or unset for no limit",
            "maxMessagesPerSecond|-50|a number of messages from 1, or unset for no limit",
            "maxMessagesInFlight|0|a number of messages from 1 to 1000",
            "maxMessagesInFlight|1001|a number of messages from 1 to 1000"})
    void aWrongSmtpSettingFailsTheConnectionFactoryNamingPropertyValueAndValidValues(String property, String value,
                                                                                   String allowed) {
        SmtpManagedConnectionFactory factory = new SmtpManagedConnectionFactory();
        switch (property) {
            case "deliveryMode" -> factory.setDeliveryMode(value);
            case "retryForMillis" -> factory.setRetryForMillis(Integer.valueOf(value));
            case "maxMessagesPerConnection" -> factory.setMaxMessagesPerConnection(Integer.valueOf(value));
            case "maxConnectionAgeMillis" -> factory.setMaxConnectionAgeMillis(Integer.valueOf(value));
            case "maxMessagesInFlight" -> factory.setMaxMessagesInFlight(Integer.valueOf(value));
            default -> factory.setMaxMessagesPerSecond(Integer.valueOf(value));
        }
        InvalidPropertyException failure = assertThrows(InvalidPropertyException.class, factory::createConnectionFactory);
        String message = failure.getMessage();
        assertTrue(message.contains("'" + property + "'"), message);
        assertTrue(message.contains("'" + value + "'"), message);
        assertTrue(message.contains(allowed), message);
    }

    @Test
    void anOnCommitFactoryRefusesAJournalDirectoryItCannotWrite(@TempDir Path temporary) throws Exception {
        Path notADirectory = Files.createFile(temporary.resolve("a-file"));
        SmtpManagedConnectionFactory factory = new SmtpManagedConnectionFactory();
        factory.setDeliveryMode("on_commit");
        factory.setJournalDirectory(notADirectory.resolve("journal").toString());
        InvalidPropertyException failure = assertThrows(InvalidPropertyException.class, factory::createConnectionFactory);
        String message = failure.getMessage();
        assertTrue(message.contains("'journalDirectory'") && message.contains(notADirectory.resolve("journal").toString())
                && message.contains("a directory emailra can create and write to"), message);
    }

    @Test
    void onlyAnOnCommitSmtpFactoryTakesPartInTransactions(@TempDir Path journal) {
        SmtpManagedConnectionFactory smtp = new SmtpManagedConnectionFactory();
        assertEquals(TransactionSupport.TransactionSupportLevel.NoTransaction, smtp.getTransactionSupport());
        smtp.setDeliveryMode("ON_COMMIT");
        smtp.setJournalDirectory(journal.toString());
        try {
            assertEquals(TransactionSupport.TransactionSupportLevel.XATransaction, smtp.getTransactionSupport());
        } finally {
            smtp.close();
        }
        assertEquals(TransactionSupport.TransactionSupportLevel.NoTransaction,
                new ImapManagedConnectionFactory().getTransactionSupport());
        assertEquals(TransactionSupport.TransactionSupportLevel.NoTransaction,
                new Pop3ManagedConnectionFactory().getTransactionSupport());
    }

    @Test
    void mailPropertiesAreParsedAndPassedThrough() {
        ImapManagedConnectionFactory factory = new ImapManagedConnectionFactory();
        factory.setMailProperties("mail.imap.partialfetch=false; mail.debug.auth = true ;");
        assertEquals(Map.of("mail.imap.partialfetch", "false", "mail.debug.auth", "true"),
                factory.config().mailProperties());
    }

    @Test
    void secretsNeverAppearInToString() {
        ImapManagedConnectionFactory factory = new ImapManagedConnectionFactory();
        factory.setUserName("alice");
        factory.setPassword("s3cret-password");
        factory.setTrustStorePassword("s3cret-store");
        Credentials credentials = new Credentials("alice", "s3cret-password");
        for (Object shown : new Object[]{factory, factory.config(), credentials,
                new MailConnectionRequestInfo(credentials)}) {
            String text = shown.toString();
            assertTrue(text.contains("alice"), text);
            assertFalse(text.contains("s3cret"), text);
        }
    }

    @Test
    void managedConnectionFactoriesAreEqualForEqualConfigurationOnly() {
        ImapManagedConnectionFactory one = new ImapManagedConnectionFactory();
        ImapManagedConnectionFactory two = new ImapManagedConnectionFactory();
        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        two.setHost("mail.example");
        assertNotEquals(one, two);
        assertNotEquals(new ImapManagedConnectionFactory(), new Pop3ManagedConnectionFactory());
    }
}
