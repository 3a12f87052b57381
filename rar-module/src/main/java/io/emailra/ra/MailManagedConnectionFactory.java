package io.emailra.ra;

import io.emailra.api.EmailAuthenticationException;
import io.emailra.api.EmailException;
import io.emailra.api.OAuth2TokenProvider;
import io.emailra.ra.config.ConfigException;
import io.emailra.ra.config.ConfigProperty;
import io.emailra.ra.config.ConfigValues;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.MailSessionProperties;
import io.emailra.ra.config.MailSessions;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.config.TransportSecurity;
import io.emailra.ra.monitor.Backlog;
import io.emailra.ra.monitor.ConnectionFactoryMonitor;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.physical.ConnectionCaps;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.OpenConnections;
import io.emailra.ra.physical.PhysicalConnection;
import io.emailra.ra.physical.SignOn;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import io.emailra.ra.pool.PooledConnectionFactory;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.security.auth.Subject;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The config properties and the JCA life cycle shared by the IMAP, POP3 and SMTP managed connection
 * factories. Property values are checked when a connection factory or a managed connection is
 * created; a wrong value fails with {@link InvalidPropertyException} naming the property, the value
 * and the valid values.
 *
 * <p>Its other jobs have classes of their own: {@link SignOn} (signing on, the XOAUTH2 retry and
 * what a refusal means), {@link CredentialSources} (which credentials a request signs on with),
 * {@link OpenConnections} (the connections open per user and their turns to sign on).
 *
 * <p>Without a container, {@link #createConnectionFactory()} gives factories over one pool of this
 * managed connection factory, however often it is called; {@link #close()} closes that pool.
 */
public abstract class MailManagedConnectionFactory<P extends PhysicalConnection>
        implements ManagedConnectionFactory, ValidatingManagedConnectionFactory, PooledConnectionFactory,
        ResourceAdapterAssociation, TransactionSupport, AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(MailManagedConnectionFactory.class.getName());

    private String host = ConfigProperty.HOST.text();
    private Integer port = ConfigProperty.PORT.number();
    private String transportSecurity = ConfigProperty.TRANSPORT_SECURITY.text();
    private String userName = ConfigProperty.USER_NAME.text();
    private String password = ConfigProperty.PASSWORD.text();
    private String allocationMode = ConfigProperty.ALLOCATION_MODE.text();
    private Integer connectTimeoutMillis = ConfigProperty.CONNECT_TIMEOUT_MILLIS.number();
    private Integer readTimeoutMillis = ConfigProperty.READ_TIMEOUT_MILLIS.number();
    private Integer validateAfterIdleMillis = ConfigProperty.VALIDATE_AFTER_IDLE_MILLIS.number();
    private String trustStore = ConfigProperty.TRUST_STORE.text();
    private String trustStorePassword = ConfigProperty.TRUST_STORE_PASSWORD.text();
    private Boolean checkServerIdentity = ConfigProperty.CHECK_SERVER_IDENTITY.flag();
    private String mailProperties = ConfigProperty.MAIL_PROPERTIES.text();
    private String oauth2TokenProvider = ConfigProperty.OAUTH2_TOKEN_PROVIDER.text();
    private Integer maxConnectionsPerUser = ConfigProperty.MAX_CONNECTIONS_PER_USER.number();

    /** Open physical connections per user, and their turns to sign on (R16). */
    private transient OpenConnections openConnections = new OpenConnections();
    private transient volatile ConnectionCaps caps;
    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;
    private transient volatile Prepared<P> prepared;
    /** The configuration error last written to the log, so that each is written once. */
    private transient volatile String reportedConfigError;
    /** A token provider given as an object (in OSGi, a service), instead of {@code oauth2TokenProvider}'s class name. */
    private transient volatile OAuth2TokenProvider tokenProvider;
    /** The registry found through JNDI when there is no resource adapter (a deserialized factory). */
    private transient TransactionRegistryLookup registryFromJndi = new TransactionRegistryLookup();
    /** The pool of the non-managed path, made by the first {@link #createConnectionFactory()}. */
    private transient NonManagedConnectionManager nonManagedPool;
    private transient volatile FactoryStatistics statistics;
    private transient volatile ConnectionFactoryMonitor monitor;

    /** The validated configuration and the sign-on built from it. */
    private record Prepared<Q extends PhysicalConnection>(MailServerConfig config, SignOn<Q> signOn,
                                                          Credentials configured) {
    }

    /** The protocol this factory speaks. */
    public abstract Protocol protocol();

    /** Opens and signs on one physical connection. */
    protected abstract P connect(Session session, MailServerConfig config, Credentials credentials)
            throws MessagingException;

    /** The Jakarta Mail session's properties of this factory's connections. */
    protected Properties sessionProperties(MailServerConfig config) {
        return MailSessionProperties.of(config);
    }

    /** The application-facing connection factory. */
    protected abstract Object newConnectionFactory(ConnectionManager connectionManager);

    /**
     * The validated configuration.
     *
     * @throws ConfigException if a property has a wrong value
     */
    public MailServerConfig config() {
        return prepared().config();
    }

    private Prepared<P> prepared() {
        Prepared<P> current = prepared;
        if (current == null) {
            MailServerConfig config = buildConfig();
            current = new Prepared<>(config, new SignOn<>(config, MailSessions.newSession(sessionProperties(config)),
                    tokenProvider != null ? tokenProvider
                            : ConfigValues.tokenProvider(getClass().getSimpleName(), config.oauth2TokenProvider()),
                    this::connect),
                    config.userName() == null ? Credentials.NONE : new Credentials(config.userName(), config.password()));
            prepared = current;
        }
        return current;
    }

    private MailServerConfig buildConfig() {
        String owner = getClass().getSimpleName();
        TransportSecurity security = ConfigValues.transportSecurity(owner, transportSecurity);
        return new MailServerConfig(protocol(), ConfigValues.host(owner, host),
                ConfigValues.port(owner, port, protocol().standardPort(security)), security,
                blankToNull(ConfigValues.credential(owner, "userName", userName, false)),
                ConfigValues.credential(owner, "password", password, true), ConfigValues.allocationMode(owner, allocationMode),
                ConfigValues.timeoutMillis(owner, "connectTimeoutMillis", connectTimeoutMillis),
                ConfigValues.timeoutMillis(owner, "readTimeoutMillis", readTimeoutMillis),
                ConfigValues.nonNegativeMillis(owner, "validateAfterIdleMillis", validateAfterIdleMillis),
                blankToNull(trustStore), trustStorePassword,
                checkServerIdentity == null || checkServerIdentity,
                tokenProvider != null ? tokenProvider.toString() : blankToNull(oauth2TokenProvider),
                ConfigValues.mailProperties(owner, mailProperties),
                ConfigValues.maxConnectionsPerUser(owner, maxConnectionsPerUser));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The transaction registry of the resource adapter, or null outside a container. A factory that
     * was serialized and read again has no resource adapter (it is the container's, not
     * serializable); it finds the same registry under its standard JNDI name, so R9 still holds.
     */
    public TransactionSynchronizationRegistry transactionRegistry() {
        if (resourceAdapter instanceof EmailResourceAdapter adapter) {
            return adapter.transactionRegistry();
        }
        return registryFromJndi.registry();
    }

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) throws ResourceException {
        validate();
        if (connectionManager instanceof NonManagedConnectionManager pool) {
            fitsInPool(pool);
        }
        return newConnectionFactory(connectionManager);
    }

    /** {@code maxConnectionsPerUser} may not exceed emailra's own pool: the pool is the hard bound. */
    private void fitsInPool(NonManagedConnectionManager pool) throws InvalidPropertyException {
        try {
            ConfigValues.fitsInPool(getClass().getSimpleName(), config().maxConnectionsPerUser(), pool.maxSize());
        } catch (ConfigException e) {
            throw invalid(e);
        }
    }

    /**
     * The non-managed path: a connection factory backed by emailra's own bounded pool with default
     * settings, the same pool for every call until {@link #close()}.
     */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        validate();
        NonManagedConnectionManager pool = nonManagedPool(PoolSettings.defaults());
        fitsInPool(pool);
        return newConnectionFactory(pool);
    }

    /**
     * The pool of the non-managed path, made with these settings if there is none yet; a factory read
     * back from its serialized form gets its pool here.
     */
    @Override
    public synchronized NonManagedConnectionManager nonManagedPool(PoolSettings settings) {
        if (nonManagedPool == null) {
            nonManagedPool = new NonManagedConnectionManager(this, settings);
        }
        return nonManagedPool;
    }

    /**
     * Closes the non-managed path's pool, if there is one (a container's pool is the container's to
     * close), and takes the factory out of JMX.
     */
    @Override
    public synchronized void close() {
        if (nonManagedPool != null) {
            nonManagedPool.close();
            nonManagedPool = null;
        }
        if (monitor != null) {
            monitor.unregister();
            monitor = null;
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        openConnections = new OpenConnections();
        registryFromJndi = new TransactionRegistryLookup();
    }

    private void validate() throws InvalidPropertyException {
        try {
            prepared();
            validateProtocolSettings();
        } catch (ConfigException e) {
            throw invalid(e);
        }
        monitored();
    }

    /** This factory's figures, counted from its making (or from its reading back, if it was serialized). */
    public FactoryStatistics statistics() {
        FactoryStatistics current = statistics;
        if (current == null) {
            synchronized (this) {
                if (statistics == null) {
                    statistics = new FactoryStatistics();
                }
                current = statistics;
            }
        }
        return current;
    }

    @Override
    public void waitedForConnection(long nanos) {
        statistics().waitedForPool(nanos);
    }

    /** The ON_COMMIT messages waiting to be sent; none for a factory that sends at once. */
    protected Backlog backlog() {
        return Backlog.NONE;
    }

    /**
     * Shows the factory in JMX, once it is valid; the resource adapter takes it out when it stops,
     * {@link #close()} outside a container.
     */
    private void monitored() {
        if (monitor != null) {
            return;
        }
        synchronized (this) {
            if (monitor == null) {
                MailServerConfig config = config();
                ConnectionFactoryMonitor made = new ConnectionFactoryMonitor(config.server() + " as " + config.userName(),
                        statistics(), openConnections::count, () -> caps().learned(), this::backlog);
                made.register(protocol().name());
                if (resourceAdapter instanceof EmailResourceAdapter adapter) {
                    adapter.monitored(made);
                }
                monitor = made;
            }
        }
    }

    /** Checks the properties only this protocol's factory has. */
    protected void validateProtocolSettings() {
    }

    /**
     * No transactions: a mail server has none. The container enlists nothing, whatever {@code ra.xml}
     * declares for the SMTP factories that do take part ({@code deliveryMode=ON_COMMIT}).
     */
    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.NoTransaction;
    }

    /**
     * The container's exception for a wrong config property; the first time for each wrong value also
     * in the server log (SEVERE), since a container reports it only to the first caller, several
     * exceptions deep, or far below a deployment error's headline.
     */
    private InvalidPropertyException invalid(ConfigException e) {
        if (!e.getMessage().equals(reportedConfigError)) {
            reportedConfigError = e.getMessage();
            LOG.log(Level.SEVERE, "emailra: {0} cannot make connections: {1}", new Object[]{this, e.getMessage()});
        }
        InvalidPropertyException invalid = new InvalidPropertyException(e.getMessage());
        invalid.initCause(e);
        return invalid;
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        validate();
        return open(credentials(subject, info));
    }

    @Override
    public Object connectionKey(ConnectionRequestInfo info) {
        return credentials(null, info);
    }

    @Override
    public ManagedConnection openConnection(Object key) throws ResourceException {
        return open((Credentials) key);
    }

    @Override
    public String server() {
        return config().server();
    }

    /** Opens a physical connection signed on with these credentials. */
    public MailManagedConnection<P> open(Credentials credentials) throws ResourceException {
        Prepared<P> current = prepared();
        MailServerConfig config = current.config();
        if (!credentials.isPresent() && protocol() != Protocol.SMTP) {
            throw allocationFailure(new EmailAuthenticationException("no user name to sign on to " + config.server()
                    + ": set the config property 'userName', map a principal, or call getClient(user, password)", null));
        }
        try {
            return openConnections.open(config, credentials.user(), () ->
                    new MailManagedConnection<>(this, config, credentials, current.signOn().signOn(credentials)));
        } catch (EmailException e) {
            statistics().openFailed(e instanceof EmailAuthenticationException ? FactoryStatistics.Outcome.AUTHENTICATION_FAILURE
                    : FactoryStatistics.Outcome.CONNECTION_FAILURE);
            throw allocationFailure(e);
        }
    }

    /**
     * Signs on once more for a physical connection that replaces its socket (SMTP's provider limits):
     * through this factory's sign-on, so with the password or, for XOAUTH2, a token the provider gives
     * now (the one of the first sign-on may have expired); in the user's turn (R16); and not counted
     * again, since the connection closed its old socket first.
     *
     * @param credentials the credentials the connection signed on with (with XOAUTH2, only its user counts)
     * @throws EmailException naming the server: what went wrong
     */
    protected final <T> T signOnAgain(Credentials credentials, SignOn.Connector<T> connector) {
        Prepared<P> current = prepared();
        return openConnections.reopen(current.config(), credentials.user(),
                () -> current.signOn().signOn(credentials, connector));
    }

    /** Physical connections this factory opened and that were not destroyed yet. */
    public int openConnections() {
        return openConnections.count();
    }

    /** Physical connections open now for this user. */
    public int openConnections(String user) {
        return openConnections.count(user);
    }

    void connectionDestroyed(Credentials credentials) {
        openConnections.closed(credentials.user());
    }

    /** The per-user connection caps of this server (R16), made with the configuration. */
    public ConnectionCaps caps() {
        ConnectionCaps current = caps;
        if (current == null) {
            synchronized (this) {
                if (caps == null) {
                    MailServerConfig config = config();
                    caps = new ConnectionCaps(config.server(), config.maxConnectionsPerUser());
                }
                current = caps;
            }
        }
        return current;
    }

    private static ResourceAllocationException allocationFailure(EmailException cause) {
        ResourceAllocationException failure = new ResourceAllocationException(cause.getMessage());
        failure.initCause(cause);
        return failure;
    }

    @Override
    public ManagedConnection matchManagedConnections(@SuppressWarnings("rawtypes") Set candidates, Subject subject,
                                                     ConnectionRequestInfo info) {
        Credentials wanted = credentials(subject, info);
        for (Object candidate : candidates) {
            if (candidate instanceof MailManagedConnection<?> managed && equals(managed.factory())
                    && !managed.isBroken() && managed.credentials().equals(wanted)) {
                return managed;
            }
        }
        return null;
    }

    /**
     * The container's validation (Payara: {@code is-connection-validation-required}): a NOOP on each
     * candidate; a connection that fails it, or failed before, is invalid and will be destroyed.
     */
    @Override
    public Set<ManagedConnection> getInvalidConnections(@SuppressWarnings("rawtypes") Set candidates) {
        Set<ManagedConnection> invalid = new HashSet<>();
        for (Object candidate : candidates) {
            if (candidate instanceof MailManagedConnection<?> managed && !managed.isValid()) {
                invalid.add(managed);
            }
        }
        return invalid;
    }

    /** The credentials of the config properties {@code userName} and {@code password} (none if unset). */
    protected Credentials configuredCredentials() {
        return prepared().configured();
    }

    /** The credentials a connection for this request signs on with ({@link CredentialSources}). */
    public Credentials credentials(Subject subject, ConnectionRequestInfo info) {
        return CredentialSources.resolve(this, subject, info, prepared().configured());
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        resourceAdapter = adapter;
    }

    // ---- config properties (JavaBean accessors the container calls; each change drops the prepared config)

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
        prepared = null;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
        prepared = null;
    }

    public String getTransportSecurity() {
        return transportSecurity;
    }

    public void setTransportSecurity(String transportSecurity) {
        this.transportSecurity = transportSecurity;
        prepared = null;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
        prepared = null;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
        prepared = null;
    }

    public String getAllocationMode() {
        return allocationMode;
    }

    public void setAllocationMode(String allocationMode) {
        this.allocationMode = allocationMode;
        prepared = null;
    }

    public Integer getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public void setConnectTimeoutMillis(Integer connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        prepared = null;
    }

    public Integer getReadTimeoutMillis() {
        return readTimeoutMillis;
    }

    public void setReadTimeoutMillis(Integer readTimeoutMillis) {
        this.readTimeoutMillis = readTimeoutMillis;
        prepared = null;
    }

    public Integer getValidateAfterIdleMillis() {
        return validateAfterIdleMillis;
    }

    public void setValidateAfterIdleMillis(Integer validateAfterIdleMillis) {
        this.validateAfterIdleMillis = validateAfterIdleMillis;
        prepared = null;
    }

    public String getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
        prepared = null;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
        prepared = null;
    }

    public Boolean getCheckServerIdentity() {
        return checkServerIdentity;
    }

    public void setCheckServerIdentity(Boolean checkServerIdentity) {
        this.checkServerIdentity = checkServerIdentity;
        prepared = null;
    }

    public String getMailProperties() {
        return mailProperties;
    }

    public void setMailProperties(String mailProperties) {
        this.mailProperties = mailProperties;
        prepared = null;
    }

    public String getOauth2TokenProvider() {
        return oauth2TokenProvider;
    }

    public void setOauth2TokenProvider(String oauth2TokenProvider) {
        this.oauth2TokenProvider = oauth2TokenProvider;
        prepared = null;
    }

    /**
     * Signs on with XOAUTH2 and this provider's tokens: the provider as an object, where a class name
     * cannot be loaded (OSGi gives it as a service). It takes the place of {@code oauth2TokenProvider}.
     */
    public void useTokenProvider(OAuth2TokenProvider provider) {
        this.tokenProvider = provider;
        prepared = null;
    }

    public Integer getMaxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    public void setMaxConnectionsPerUser(Integer maxConnectionsPerUser) {
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        prepared = null;
        caps = null;
    }

    /** The config property values, in a fixed order: what {@link #equals} compares. */
    protected Object[] values() {
        return new Object[]{host, port, transportSecurity, userName, password, allocationMode, connectTimeoutMillis,
                readTimeoutMillis, validateAfterIdleMillis, trustStore, trustStorePassword, checkServerIdentity, mailProperties,
                oauth2TokenProvider, maxConnectionsPerUser};
    }

    /** Equal when of the same class with the same config property values: the same server, the same settings. */
    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass()
                && java.util.Arrays.equals(values(), ((MailManagedConnectionFactory<?>) other).values());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), java.util.Arrays.hashCode(values()));
    }

    @Override
    public String toString() {
        // An unset port is the protocol's default for the security, which a wrong value may keep from being known.
        return getClass().getSimpleName() + "[" + protocol() + " " + host + ":" + (port == null ? "default" : port) + ", security="
                + transportSecurity + ", userName=" + userName + ", allocationMode=" + allocationMode + "]";
    }
}
