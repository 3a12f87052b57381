package io.emailra.ra.inbound;

import io.emailra.ra.config.ConfigException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The activation config of a {@link io.emailra.api.inbound.MailListener} message-driven bean: the
 * protocol (IMAP, or POP3 polling), the server and account (as a connection factory of that protocol
 * takes them, checked the same way when the bean is activated), and what to receive and how. A wrong value names the property, the value and
 * the valid ones, and fails the bean's deployment.
 */
public class MailActivationSpec implements ActivationSpec {

    private static final String OWNER = "MailActivationSpec";
    private static final ConfigReferences REFERENCES = new ConfigReferences(OWNER);

    private transient ResourceAdapter resourceAdapter;
    private String host;
    private String port;
    private String transportSecurity;
    private String userName;
    private String password;
    private String oauth2TokenProvider;
    private String protocol = "IMAP";
    private String filter = "ALL";
    private String trustStore;
    private String trustStorePassword;
    private Boolean checkServerIdentity;
    private String folder = "INBOX";
    private String receiveMode = "AUTO";
    private Integer idleRefreshMillis = 10_000;
    private Integer pollIntervalMillis = 2_000;
    /** SEEN over IMAP, DELETE over POP3 when not set. */
    private String afterDelivery;
    private Integer maxDeliveryAttempts = 5;
    private String poisonFolder = "emailra-poison";
    /** Unset: {@code emailra-processing} for INBOX, {@code emailra-processing-<folder>} for another: one per folder. */
    private String claimFolder;
    private Integer maxMessagesPerPoll = 100;
    private Integer claimTimeoutMillis = 300_000;

    /** The inbound settings, checked; connection settings are checked by the factory made from them. */
    public InboundSettings settings() throws InvalidPropertyException {
        try {
            InboundSettings.Protocol checkedProtocol = protocol();
            boolean pop3 = checkedProtocol == InboundSettings.Protocol.POP3;
            String after = REFERENCES.resolve("afterDelivery", afterDelivery);
            InboundSettings settings = new InboundSettings(checkedProtocol, folderName("folder", folder), receiveMode(),
                    Duration.ofMillis(atLeast("idleRefreshMillis", idleRefreshMillis, 1_000)),
                    Duration.ofMillis(atLeast("pollIntervalMillis", pollIntervalMillis, 100)),
                    AfterDelivery.parse(OWNER, after != null ? after : pop3 ? "DELETE" : "SEEN"),
                    atLeast("maxDeliveryAttempts", maxDeliveryAttempts, 1), folderName("poisonFolder", poisonFolder),
                    folderName("claimFolder", claimFolder != null ? claimFolder
                            : "INBOX".equalsIgnoreCase(folder) ? "emailra-processing" : "emailra-processing-" + folder), atLeast("maxMessagesPerPoll", maxMessagesPerPoll, 1),
                    InboundFilter.parse(OWNER, REFERENCES.resolve("filter", filter)),
                    Duration.ofMillis(atLeast("claimTimeoutMillis", claimTimeoutMillis, 1_000)));
            return pop3 ? pop3Only(settings) : distinctFolders(settings);
        } catch (ConfigException e) {
            throw invalid(e);
        }
    }

    /** A wrong value as the JCA names it, with the message that names property, value and valid values. */
    private static InvalidPropertyException invalid(ConfigException e) {
        InvalidPropertyException invalid = new InvalidPropertyException(e.getMessage());
        invalid.initCause(e);
        return invalid;
    }

    @Override
    public void validate() throws InvalidPropertyException {
        settings();
    }

    /** The server and account, references resolved; the connection factory made from them checks them. */
    public InboundServer server() throws InvalidPropertyException {
        try {
            return new InboundServer(REFERENCES.resolve("host", host), port(),
                    REFERENCES.resolve("transportSecurity", transportSecurity), REFERENCES.resolve("userName", userName),
                    REFERENCES.resolve("password", password), REFERENCES.resolve("oauth2TokenProvider", oauth2TokenProvider),
                    REFERENCES.resolve("trustStore", trustStore), REFERENCES.resolve("trustStorePassword", trustStorePassword),
                    checkServerIdentity);
        } catch (ConfigException e) {
            throw invalid(e);
        }
    }

    private Integer port() {
        String resolved = REFERENCES.resolve("port", port);
        if (resolved == null || resolved.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(resolved.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(OWNER, "port", resolved, "a port number, 1 to 65535");
        }
    }

    private InboundSettings.Protocol protocol() {
        String resolved = REFERENCES.resolve("protocol", protocol);
        for (InboundSettings.Protocol known : InboundSettings.Protocol.values()) {
            if (resolved != null && known.name().equals(resolved.strip().toUpperCase(Locale.ROOT))) {
                return known;
            }
        }
        throw new ConfigException(OWNER, "protocol", protocol, "IMAP, POP3");
    }

    /**
     * The folder, the claim folder, the poison folder and a MOVE's target are four folders: one
     * named twice would deliver its messages again and again.
     */
    private InboundSettings distinctFolders(InboundSettings settings) {
        String target = settings.afterDelivery().action() == AfterDelivery.Action.MOVE ? settings.afterDelivery().argument() : null;
        String[][] others = {{"claimFolder", settings.claimFolder()}, {"poisonFolder", settings.poisonFolder()},
                {"afterDelivery", target}};
        Set<String> seen = new HashSet<>(Set.of(settings.folder().toUpperCase(Locale.ROOT)));
        for (String[] other : others) {
            if (other[1] != null && !seen.add(other[1].toUpperCase(Locale.ROOT))) {
                throw new ConfigException(OWNER, other[0], other[1], "a folder other than folder, claimFolder, poisonFolder"
                        + " and afterDelivery's MOVE target (each its own)");
            }
        }
        return settings;
    }

    /** What POP3 cannot do refused: it has one folder, no flags, no IDLE. */
    private InboundSettings pop3Only(InboundSettings settings) {
        if (!settings.folder().equalsIgnoreCase("INBOX")) {
            throw new ConfigException(OWNER, "folder", folder, "INBOX with protocol POP3 (it has no other folder)");
        }
        if (settings.receiveMode() == InboundSettings.ReceiveMode.IDLE) {
            throw new ConfigException(OWNER, "receiveMode", receiveMode, "POLL or AUTO with protocol POP3 (it has no IDLE)");
        }
        if (settings.afterDelivery().action() != AfterDelivery.Action.DELETE) {
            throw new ConfigException(OWNER, "afterDelivery", afterDelivery, "DELETE with protocol POP3 (it has no flags or folders)");
        }
        if (settings.filter().needsImap()) {
            throw new ConfigException(OWNER, "filter", filter, "conditions without UNSEEN with protocol POP3 (it has no flags)");
        }
        return settings;
    }

    private InboundSettings.ReceiveMode receiveMode() {
        String resolved = REFERENCES.resolve("receiveMode", receiveMode);
        for (InboundSettings.ReceiveMode mode : InboundSettings.ReceiveMode.values()) {
            if (resolved != null && mode.name().equals(resolved.strip().toUpperCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new ConfigException(OWNER, "receiveMode", receiveMode, "IDLE, POLL, AUTO (IDLE where the server has it)");
    }

    private static int atLeast(String property, Integer value, int minimum) {
        if (value == null || value < minimum) {
            throw new ConfigException(OWNER, property, value, "a whole number from " + minimum);
        }
        return value;
    }

    private static String folderName(String property, String reference) {
        String value = REFERENCES.resolve(property, reference);
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isISOControl) || value.length() > 1_000) {
            throw new ConfigException(OWNER, property, value, "a folder name: not blank, no control characters");
        }
        return value;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getPort() {
        return port;
    }

    /** A string, so that it can be a reference ({@code ${IMAP_PORT}}); a port number once resolved. */
    public void setPort(String port) {
        this.port = port;
    }

    public String getTransportSecurity() {
        return transportSecurity;
    }

    public void setTransportSecurity(String transportSecurity) {
        this.transportSecurity = transportSecurity;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getOauth2TokenProvider() {
        return oauth2TokenProvider;
    }

    /** A token provider's class name, as the connection factories take it, instead of a password. */
    public void setOauth2TokenProvider(String oauth2TokenProvider) {
        this.oauth2TokenProvider = oauth2TokenProvider;
    }

    public String getProtocol() {
        return protocol;
    }

    /** IMAP (claims, IDLE, folders) or POP3 (polling, by UIDL, each message deleted once delivered). */
    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getFilter() {
        return filter;
    }

    /** Which messages are delivered: ALL, or conditions joined by &amp;&amp; ({@link InboundFilter}). */
    public void setFilter(String filter) {
        this.filter = filter;
    }

    public Integer getClaimTimeoutMillis() {
        return claimTimeoutMillis;
    }

    /** How long a claim may be held before it is taken for abandoned and its message delivered again. */
    public void setClaimTimeoutMillis(Integer claimTimeoutMillis) {
        this.claimTimeoutMillis = claimTimeoutMillis;
    }

    public String getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public Boolean getCheckServerIdentity() {
        return checkServerIdentity;
    }

    public void setCheckServerIdentity(Boolean checkServerIdentity) {
        this.checkServerIdentity = checkServerIdentity;
    }

    public String getFolder() {
        return folder;
    }

    public void setFolder(String folder) {
        this.folder = folder;
    }

    public String getReceiveMode() {
        return receiveMode;
    }

    public void setReceiveMode(String receiveMode) {
        this.receiveMode = receiveMode;
    }

    public Integer getIdleRefreshMillis() {
        return idleRefreshMillis;
    }

    public void setIdleRefreshMillis(Integer idleRefreshMillis) {
        this.idleRefreshMillis = idleRefreshMillis;
    }

    public Integer getPollIntervalMillis() {
        return pollIntervalMillis;
    }

    public void setPollIntervalMillis(Integer pollIntervalMillis) {
        this.pollIntervalMillis = pollIntervalMillis;
    }

    public String getAfterDelivery() {
        return afterDelivery;
    }

    public void setAfterDelivery(String afterDelivery) {
        this.afterDelivery = afterDelivery;
    }

    public Integer getMaxDeliveryAttempts() {
        return maxDeliveryAttempts;
    }

    public void setMaxDeliveryAttempts(Integer maxDeliveryAttempts) {
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    public String getPoisonFolder() {
        return poisonFolder;
    }

    public void setPoisonFolder(String poisonFolder) {
        this.poisonFolder = poisonFolder;
    }

    public String getClaimFolder() {
        return claimFolder;
    }

    public void setClaimFolder(String claimFolder) {
        this.claimFolder = claimFolder;
    }

    public Integer getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(Integer maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return OWNER + "[" + protocol + " " + host + ":" + (port == null ? "default" : port) + ", userName=" + userName + ", folder="
                + folder + ", afterDelivery=" + afterDelivery + "]";
    }
}
