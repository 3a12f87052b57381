package io.emailra.ra;

import io.emailra.ra.config.ConfigException;
import io.emailra.ra.config.ConfigProperty;
import io.emailra.ra.config.ConfigValues;
import io.emailra.ra.config.DeliveryMode;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.config.SendSettings;
import io.emailra.ra.monitor.Backlog;
import io.emailra.ra.outbox.Outbox;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.smtp.Deferral;
import io.emailra.ra.physical.smtp.SendRate;
import io.emailra.ra.physical.smtp.SocketCapture;
import io.emailra.ra.physical.smtp.SmtpConnection;
import io.emailra.ra.physical.smtp.TransportLife;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.resource.spi.ConnectionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The managed connection factory of SMTP connections; see {@link MailManagedConnectionFactory} for
 * the config properties all factories have. Its own: {@code deliveryMode} with the journal and
 * retry time of {@code ON_COMMIT}, and the provider limits ({@code maxMessagesPerConnection},
 * {@code maxConnectionAgeMillis}: see {@link TransportLife}; {@code maxMessagesPerSecond}: see {@link SendRate}).
 *
 * <p>With {@code deliveryMode=ON_COMMIT} it takes part in XA transactions: each connection's
 * {@code XAResource} records the transaction's mail in the {@link Outbox} of {@code journalDirectory},
 * which sends it after the commit. The outbox opens with the first connection factory or connection
 * (also the one a transaction manager's recovery opens), and first sends what the journal holds
 * committed from before a crash.
 */
public class SmtpManagedConnectionFactory extends MailManagedConnectionFactory<SmtpConnection> {

    private static final long serialVersionUID = 1L;

    private String deliveryMode = ConfigProperty.DELIVERY_MODE.text();
    private String journalDirectory = ConfigProperty.JOURNAL_DIRECTORY.text();
    private Integer retryForMillis = ConfigProperty.RETRY_FOR_MILLIS.number();
    private Integer maxMessagesPerConnection = ConfigProperty.MAX_MESSAGES_PER_CONNECTION.number();
    private Integer maxConnectionAgeMillis = ConfigProperty.MAX_CONNECTION_AGE_MILLIS.number();
    private Integer maxMessagesPerSecond = ConfigProperty.MAX_MESSAGES_PER_SECOND.number();
    private Boolean pipelining = ConfigProperty.PIPELINING.flag();
    private Integer maxMessagesInFlight = ConfigProperty.MAX_MESSAGES_IN_FLIGHT.number();

    /** Session settings that change the envelope commands Angus writes, which emailra's pipelining does not. */
    private static final Set<String> ANGUS_DIALOGUE = Set.of("from", "dsn.notify", "dsn.ret", "mailextension",
            "submitter", "allow8bitmime");

    private transient volatile SendSettings sendSettings;
    /** The capture of the sockets this factory's session makes; null when connections do not pipeline. */
    private transient volatile SocketCapture socketCapture;
    private transient volatile SendRate sendRate;
    private transient volatile RunningOutbox outbox;

    @Override
    public Protocol protocol() {
        return Protocol.SMTP;
    }

    /**
     * A connection that keeps to the provider limits: it replaces its transport by signing on again
     * through this factory ({@link #signOnAgain}), and paces its messages with the factory's {@link #sendRate()}.
     */
    @Override
    protected SmtpConnection connect(Session session, MailServerConfig config, Credentials credentials)
            throws MessagingException {
        SendSettings settings = sendSettings();
        Deferral deferral = null;
        if (settings.onCommit()) {
            // The courier sends after the commit as the configured account: mail of another one would
            // leave under the wrong user. Such a connection takes part in transactions only to refuse.
            deferral = credentials.equals(configuredCredentials()) ? outbox().outbox().newBranch()
                    : outbox().outbox().refusingBranch("deliveryMode=ON_COMMIT sends after the commit as the factory's"
                    + " configured account (userName), and this connection signed on as " + credentials.user()
                    + "; send as " + configuredCredentials().user() + " in the transaction, or use a factory with"
                    + " deliveryMode=IMMEDIATE for other accounts");
        }
        SocketCapture capture = socketCapture;
        return new SmtpConnection(SmtpConnection.signOn(session, config, credentials, capture),
                () -> signOnAgain(credentials, (again, same, user) -> SmtpConnection.signOn(again, same, user, capture)),
                new TransportLife(settings.maxMessagesPerConnection(), settings.maxConnectionAgeMillis()), sendRate(),
                deferral, statistics(), new SmtpConnection.Sending(settings.maxMessagesInFlight(),
                        Duration.ofMillis(config.readTimeoutMillis())));
    }

    /**
     * With {@code pipelining}, Angus's sockets are made through a {@link SocketCapture}, so that
     * emailra can pipeline on the socket Angus signed on; not when the application's mail properties
     * choose how sockets are made or ask for envelope settings only Angus's dialogue writes.
     */
    @Override
    protected Properties sessionProperties(MailServerConfig config) {
        Properties properties = super.sessionProperties(config);
        String prefix = "mail." + config.protocol().name(config.security()) + ".";
        SocketCapture capture = new SocketCapture();
        boolean angusDialogue = ANGUS_DIALOGUE.stream().anyMatch(key -> config.mailProperties().containsKey(prefix + key))
                || config.mailProperties().containsKey("mail.mime.allowutf8");
        // The field, not sendSettings(): those name the default journal after this config, made now.
        socketCapture = (pipelining == null || pipelining) && !angusDialogue
                && capture.install(properties, prefix, config.mailProperties()) ? capture : null;
        return properties;
    }

    @Override
    protected Object newConnectionFactory(ConnectionManager connectionManager) {
        return new SmtpClientFactoryImpl(this, connectionManager);
    }

    /** XA with {@code deliveryMode=ON_COMMIT}; else none, so that sending never makes a transaction two-phase. */
    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return sendSettings().onCommit() ? TransactionSupportLevel.XATransaction : TransactionSupportLevel.NoTransaction;
    }

    /** Checks the settings; with ON_COMMIT, opens the outbox (its journal directory must be writable). */
    @Override
    protected void validateProtocolSettings() {
        if (sendSettings().onCommit()) {
            outbox();
        }
    }

    /**
     * The validated settings of this factory's own properties.
     *
     * @throws ConfigException if one has a wrong value
     */
    public SendSettings sendSettings() {
        SendSettings current = sendSettings;
        if (current == null) {
            String owner = getClass().getSimpleName();
            DeliveryMode mode = ConfigValues.deliveryMode(owner, deliveryMode);
            long retryFor = ConfigValues.timeoutMillis(owner, "retryForMillis", retryForMillis);
            current = new SendSettings(mode, mode == DeliveryMode.ON_COMMIT
                    ? ConfigValues.journalDirectory(owner, journalDirectory, defaultJournalName()) : null, retryFor,
                    (int) ConfigValues.limit(owner, "maxMessagesPerConnection", maxMessagesPerConnection,
                            Integer.MAX_VALUE, "a number of messages"),
                    ConfigValues.limit(owner, "maxConnectionAgeMillis", maxConnectionAgeMillis, Long.MAX_VALUE,
                            "a number of milliseconds"),
                    (int) ConfigValues.limit(owner, "maxMessagesPerSecond", maxMessagesPerSecond, Integer.MAX_VALUE,
                            "a number of messages"),
                    ConfigValues.messagesInFlight(owner, maxMessagesInFlight));
            sendSettings = current;
        }
        return current;
    }

    /**
     * The pace of {@code maxMessagesPerSecond}: one for all connections of this factory (the courier's
     * of {@code ON_COMMIT} too), made with the settings.
     */
    SendRate sendRate() {
        SendRate current = sendRate;
        if (current == null) {
            synchronized (this) {
                if (sendRate == null) {
                    sendRate = new SendRate(sendSettings().maxMessagesPerSecond());
                }
                current = sendRate;
            }
        }
        return current;
    }

    /** {@code <host>-<port>-<userName>}, in characters any file system takes. */
    private String defaultJournalName() {
        MailServerConfig config = config();
        return (config.host() + "-" + config.port() + "-" + (config.userName() == null ? "anonymous" : config.userName()))
                .replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    /** The outbox of {@code journalDirectory}: the resource adapter's (one per directory), or this factory's own. */
    RunningOutbox outbox() {
        RunningOutbox current = outbox;
        if (current == null) {
            synchronized (this) {
                if (outbox == null) {
                    Path journal = sendSettings().journalDirectory();
                    RunningOutbox running = getResourceAdapter() instanceof EmailResourceAdapter adapter
                            ? adapter.outbox(journal, () -> RunningOutbox.start(this, adapter.workManager()))
                            : RunningOutbox.start(this, null);
                    // The courier sends all of a journal's mail through its first factory's server and account.
                    if (!running.sender().equals(RunningOutbox.sender(this))) {
                        throw new ConfigException(getClass().getSimpleName(), "journalDirectory", journal,
                                "a directory of this factory's own: it is the journal of the factory sending through "
                                        + running.sender());
                    }
                    outbox = running;
                }
                current = outbox;
            }
        }
        return current;
    }

    /** The journal's waiting messages, once the outbox runs. */
    @Override
    protected Backlog backlog() {
        RunningOutbox running = outbox;
        return running == null ? Backlog.NONE : running.outbox().backlog();
    }

    /** Whether the calling thread is in a JTA transaction. */
    boolean inTransaction() {
        TransactionSynchronizationRegistry registry = transactionRegistry();
        return registry != null && registry.getTransactionKey() != null;
    }

    /** Also stops this factory's own outbox (outside a container); a resource adapter stops the ones it holds. */
    @Override
    public synchronized void close() {
        super.close();
        RunningOutbox own = outbox;
        outbox = null;
        if (own != null && !(getResourceAdapter() instanceof EmailResourceAdapter)) {
            own.stop();
        }
    }

    @Override
    protected Object[] values() {
        return Stream.concat(Arrays.stream(super.values()), Stream.of(deliveryMode, journalDirectory, retryForMillis,
                maxMessagesPerConnection, maxConnectionAgeMillis, maxMessagesPerSecond, pipelining, maxMessagesInFlight))
                .toArray();
    }

    private void changed() {
        sendSettings = null;
        sendRate = null;
    }

    public String getDeliveryMode() {
        return deliveryMode;
    }

    public void setDeliveryMode(String deliveryMode) {
        this.deliveryMode = deliveryMode;
        changed();
    }

    public String getJournalDirectory() {
        return journalDirectory;
    }

    public void setJournalDirectory(String journalDirectory) {
        this.journalDirectory = journalDirectory;
        changed();
    }

    public Integer getRetryForMillis() {
        return retryForMillis;
    }

    public void setRetryForMillis(Integer retryForMillis) {
        this.retryForMillis = retryForMillis;
        changed();
    }

    public Integer getMaxMessagesPerConnection() {
        return maxMessagesPerConnection;
    }

    public void setMaxMessagesPerConnection(Integer maxMessagesPerConnection) {
        this.maxMessagesPerConnection = maxMessagesPerConnection;
        changed();
    }

    public Integer getMaxConnectionAgeMillis() {
        return maxConnectionAgeMillis;
    }

    public void setMaxConnectionAgeMillis(Integer maxConnectionAgeMillis) {
        this.maxConnectionAgeMillis = maxConnectionAgeMillis;
        changed();
    }

    public Integer getMaxMessagesPerSecond() {
        return maxMessagesPerSecond;
    }

    public void setMaxMessagesPerSecond(Integer maxMessagesPerSecond) {
        this.maxMessagesPerSecond = maxMessagesPerSecond;
        changed();
    }

    public Boolean getPipelining() {
        return pipelining;
    }

    public void setPipelining(Boolean pipelining) {
        this.pipelining = pipelining;
        changed();
    }

    public Integer getMaxMessagesInFlight() {
        return maxMessagesInFlight;
    }

    public void setMaxMessagesInFlight(Integer maxMessagesInFlight) {
        this.maxMessagesInFlight = maxMessagesInFlight;
        changed();
    }
}
