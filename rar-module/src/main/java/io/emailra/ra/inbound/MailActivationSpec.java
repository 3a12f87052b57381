package io.emailra.ra.inbound;

import io.emailra.ra.config.ConfigException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import java.time.Duration;
import java.util.Locale;

/**
 * The activation config of a {@link io.emailra.api.inbound.MailListener} message-driven bean: the
 * IMAP server and account (as an IMAP connection factory takes them, checked the same way when the
 * bean is activated), and what to receive and how. A wrong value names the property, the value and
 * the valid ones, and fails the bean's deployment.
 */
public class MailActivationSpec implements ActivationSpec {

    private static final String OWNER = "MailActivationSpec";

    private transient ResourceAdapter resourceAdapter;
    private String host;
    private Integer port;
    private String transportSecurity;
    private String userName;
    private String password;
    private String trustStore;
    private String trustStorePassword;
    private Boolean checkServerIdentity;
    private String folder = "INBOX";
    private String receiveMode = "AUTO";
    private Integer idleRefreshMillis = 10_000;
    private Integer pollIntervalMillis = 2_000;
    private String afterDelivery = "SEEN";
    private Integer maxDeliveryAttempts = 5;
    private String poisonFolder = "emailra-poison";
    private String claimFolder = "emailra-processing";
    private Integer maxMessagesPerPoll = 100;

    /** The inbound settings, checked; connection settings are checked by the IMAP factory made from them. */
    public InboundSettings settings() throws InvalidPropertyException {
        try {
            return new InboundSettings(folderName("folder", folder), receiveMode(),
                    Duration.ofMillis(atLeast("idleRefreshMillis", idleRefreshMillis, 1_000)),
                    Duration.ofMillis(atLeast("pollIntervalMillis", pollIntervalMillis, 100)), AfterDelivery.parse(OWNER, afterDelivery),
                    atLeast("maxDeliveryAttempts", maxDeliveryAttempts, 1), folderName("poisonFolder", poisonFolder),
                    folderName("claimFolder", claimFolder), atLeast("maxMessagesPerPoll", maxMessagesPerPoll, 1));
        } catch (ConfigException e) {
            InvalidPropertyException invalid = new InvalidPropertyException(e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }

    @Override
    public void validate() throws InvalidPropertyException {
        settings();
    }

    private InboundSettings.ReceiveMode receiveMode() {
        for (InboundSettings.ReceiveMode mode : InboundSettings.ReceiveMode.values()) {
            if (receiveMode != null && mode.name().equals(receiveMode.strip().toUpperCase(Locale.ROOT))) {
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

    private static String folderName(String property, String value) {
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

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
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
        return OWNER + "[imap " + host + ":" + (port == null ? "default" : port) + ", userName=" + userName + ", folder="
                + folder + ", afterDelivery=" + afterDelivery + "]";
    }
}
