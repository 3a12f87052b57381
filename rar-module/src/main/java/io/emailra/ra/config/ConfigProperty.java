package io.emailra.ra.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The config properties of every managed connection factory, the one place their names, types,
 * defaults and descriptions are written: the factories' JavaBean fields start from these defaults,
 * the build writes {@code ra.xml}'s {@code config-property} elements from them, and a test holds the
 * README's table to them.
 */
public enum ConfigProperty {

    HOST("host", String.class, "localhost", "Host name or IP address of the mail server."),
    PORT("port", Integer.class, null, "Port of the mail server, 1 to 65535. Unset: the protocol's standard port for"
            + " transportSecurity (IMAP 143/993, POP3 110/995, SMTP 587/465)."),
    TRANSPORT_SECURITY("transportSecurity", String.class, "STARTTLS", "NONE (plain text), STARTTLS (required: fails if"
            + " the server does not offer it) or TLS (implicit TLS)."),
    USER_NAME("userName", String.class, null, "User to sign on as when neither the application"
            + " (getClient(user, password)) nor the container supplies credentials."),
    PASSWORD("password", String.class, null, "Password of userName."),
    ALLOCATION_MODE("allocationMode", String.class, "USE_MAIN_OR_DEFAULT", "Which connection an operation without an"
            + " explicit connection uses: USE_MAIN_OR_DEFAULT, USE_MAIN or USE_DEFAULT (case-insensitive;"
            + " UseMainOrDefault accepted)."),
    CONNECT_TIMEOUT_MILLIS("connectTimeoutMillis", Integer.class, "10000", "Socket connect time limit in milliseconds."),
    READ_TIMEOUT_MILLIS("readTimeoutMillis", Integer.class, "30000", "Socket read time limit in milliseconds."),
    VALIDATE_AFTER_IDLE_MILLIS("validateAfterIdleMillis", Integer.class, "1000", "A pooled connection idle at least"
            + " this many milliseconds is checked (IMAP/POP3 NOOP, SMTP RSET) before it is handed out again, when the"
            + " container validates connections (Payara: is-connection-validation-required) and on the non-managed"
            + " path. 0: check at every reuse."),
    TRUST_STORE("trustStore", String.class, null, "Path of a PKCS12 or JKS key store with the certificates to trust"
            + " for TLS. Unset: the JVM's default trust."),
    TRUST_STORE_PASSWORD("trustStorePassword", String.class, null, "Password of trustStore."),
    CHECK_SERVER_IDENTITY("checkServerIdentity", Boolean.class, "true", "Whether the server certificate must match the"
            + " host name."),
    MAIL_PROPERTIES("mailProperties", String.class, "", "Extra Jakarta Mail session properties,"
            + " mail.key=value;mail.key=value."),
    OAUTH2_TOKEN_PROVIDER("oauth2TokenProvider", String.class, null, "Class name of the application's"
            + " io.emailra.api.OAuth2TokenProvider: sign on with AUTH XOAUTH2 and its tokens instead of the password."
            + " Unset: password sign-on."),
    MAX_CONNECTIONS_PER_USER("maxConnectionsPerUser", Integer.class, null, "The most physical connections emailra"
            + " uses at once for one user of this server, 1 to the pool's maximum. Unset: learned from the server's"
            + " refusals for its own limit (Dovecot [LIMIT], Gmail \"Too many simultaneous connections\", SMTP 421)."),
    DELIVERY_MODE("deliveryMode", String.class, "IMMEDIATE", Protocol.SMTP, "IMMEDIATE: send() hands the message to the"
            + " server at once. ON_COMMIT: inside a JTA transaction, send() records the message (durably, in"
            + " journalDirectory, when the transaction prepares) and it is sent only after the transaction commits, never"
            + " if it rolls back; outside a transaction it is sent at once."),
    JOURNAL_DIRECTORY("journalDirectory", String.class, null, Protocol.SMTP, "Directory of the ON_COMMIT journal:"
            + " messages of prepared and committed transactions until the server accepts them, and failed/ (dead"
            + " letters). Unset: emailra-journal/<host>-<port>-<userName> under the server instance's directory."),
    RETRY_FOR_MILLIS("retryForMillis", Integer.class, "86400000", Protocol.SMTP, "ON_COMMIT: how long a committed"
            + " message is retried (lost connection, 4xx replies) before it becomes a dead letter, in milliseconds."),
    MAX_MESSAGES_PER_CONNECTION("maxMessagesPerConnection", Integer.class, null, Protocol.SMTP, "The most messages one"
            + " connection sends before it is closed and replaced (providers such as SES, SendGrid or Exchange refuse"
            + " more). Unset: no limit."),
    MAX_CONNECTION_AGE_MILLIS("maxConnectionAgeMillis", Integer.class, null, Protocol.SMTP, "A connection older than"
            + " this is closed and replaced before its next message, in milliseconds. Unset: no limit."),
    MAX_MESSAGES_PER_SECOND("maxMessagesPerSecond", Integer.class, null, Protocol.SMTP, "The most messages per second"
            + " the factory's connections send together; a send waits for its turn. Unset: no limit."),
    PIPELINING("pipelining", Boolean.class, "true", Protocol.SMTP, "Whether to use the server's PIPELINING and"
            + " CHUNKING (BDAT) when it offers them: a message's commands go as one group, and a batch keeps several"
            + " messages in flight on one connection. false: one command at a time, for a server or middlebox that"
            + " offers PIPELINING and breaks it."),
    MAX_MESSAGES_IN_FLIGHT("maxMessagesInFlight", Integer.class, "20", Protocol.SMTP, "With PIPELINING and CHUNKING,"
            + " the most messages of a batch sent on one connection before the server's replies to the first of them"
            + " are read, 1 to 1000; a larger batch goes in windows of this size.");

    private final String propertyName;
    private final Class<?> type;
    private final String defaultValue;
    private final String description;
    private final Set<Protocol> protocols;

    ConfigProperty(String propertyName, Class<?> type, String defaultValue, String description) {
        this(propertyName, type, defaultValue, null, description);
    }

    /** A property of one protocol's factory only (null: of every factory). */
    ConfigProperty(String propertyName, Class<?> type, String defaultValue, Protocol only, String description) {
        this.propertyName = propertyName;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.protocols = only == null ? EnumSet.allOf(Protocol.class) : EnumSet.of(only);
    }

    /** The properties of this protocol's managed connection factory, in declaration order. */
    public static List<ConfigProperty> of(Protocol protocol) {
        return Arrays.stream(values()).filter(property -> property.protocols.contains(protocol)).toList();
    }

    /** Whether every factory has it, not only one protocol's. */
    public boolean isCommon() {
        return protocols.size() == Protocol.values().length;
    }

    /** The JavaBean property name, as in {@code ra.xml} and the servers' pool properties. */
    public String propertyName() {
        return propertyName;
    }

    /** {@code String}, {@code Integer} or {@code Boolean}. */
    public Class<?> type() {
        return type;
    }

    /** The default as {@code ra.xml} writes it; null when unset. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Secrets: containers hide them in their consoles ({@code config-property-confidential}). */
    public boolean isConfidential() {
        return this == PASSWORD || this == TRUST_STORE_PASSWORD;
    }

    /** The default of a {@code String} property. */
    public String text() {
        return (String) typed(String.class);
    }

    /** The default of an {@code Integer} property; null when unset. */
    public Integer number() {
        return (Integer) typed(Integer.class);
    }

    /** The default of a {@code Boolean} property. */
    public Boolean flag() {
        return (Boolean) typed(Boolean.class);
    }

    private Object typed(Class<?> asked) {
        if (asked != type) {
            throw new IllegalStateException(propertyName + " is a " + type.getSimpleName() + ", not a " + asked.getSimpleName());
        }
        if (defaultValue == null) {
            return null;
        }
        if (type == Integer.class) {
            return Integer.valueOf(defaultValue);
        }
        return type == Boolean.class ? Boolean.valueOf(defaultValue) : defaultValue;
    }
}
