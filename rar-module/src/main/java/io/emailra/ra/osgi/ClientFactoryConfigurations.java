package io.emailra.ra.osgi;

import io.emailra.ra.ImapManagedConnectionFactory;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.Pop3ManagedConnectionFactory;
import io.emailra.ra.SmtpManagedConnectionFactory;
import io.emailra.ra.config.ConfigProperty;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import jakarta.resource.ResourceException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each configuration of the factory PID becomes one connection factory service
 * ({@code ImapClientFactory}, {@code Pop3ClientFactory} or {@code SmtpClientFactory}, per its
 * {@code protocol}), with its own bounded pool. The other properties are the RAR's config properties,
 * checked the same way, plus {@code pool.maxSize}, {@code pool.maxWaitMillis},
 * {@code pool.idleTimeoutMillis} and {@code oauth2TokenProvider.target} (a filter selecting an
 * {@code OAuth2TokenProvider} service; a class name cannot be loaded across bundles). Updating a
 * configuration replaces its service and closes the old pool; deleting one unregisters the service
 * and closes its pool.
 */
final class ClientFactoryConfigurations implements ManagedServiceFactory {

    private static final Set<String> POOL_KEYS = Set.of("pool.maxSize", "pool.maxWaitMillis", "pool.idleTimeoutMillis");
    /** An LDAP filter selecting the {@code io.emailra.api.OAuth2TokenProvider} service to sign on with (XOAUTH2). */
    static final String TOKEN_PROVIDER_TARGET = "oauth2TokenProvider.target";

    private final BundleContext context;
    private final Map<String, Registered> byPid = new ConcurrentHashMap<>();
    /** Set when the bundle stops: Configuration Admin delivers asynchronously and may still call {@link #updated}. */
    private boolean closed;

    /** One configuration's service and the pool behind it. */
    /** A configuration's service, pool and factory; closing the factory takes it out of JMX too. */
    private record Registered(ServiceRegistration<?> registration, NonManagedConnectionManager pool,
                              MailManagedConnectionFactory<?> managed) {
        void close() {
            registration.unregister();
            pool.close();
            managed.close();
        }
    }

    ClientFactoryConfigurations(BundleContext context) {
        this.context = context;
    }

    @Override
    public String getName() {
        return "emailra client factories";
    }

    /**
     * Registers the configuration's service, or replaces it. Synchronized with {@link #closeAll}: a
     * configuration delivered while or after the bundle stops makes nothing, and one being made
     * when it stops is closed by it.
     */
    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
        if (closed) {
            return;
        }
        MailManagedConnectionFactory<?> managed = managedFactory(properties.get("protocol"));
        Map<String, Method> configProperties = configProperties(managed);
        for (String key : Collections.list(properties.keys())) {
            if (configProperties.containsKey(key)) {
                set(managed, configProperties.get(key), key, properties.get(key));
            } else if (!key.equals("protocol") && !key.equals(TOKEN_PROVIDER_TARGET) && !POOL_KEYS.contains(key)
                    && !key.startsWith("service.")
                    && !key.startsWith("felix.")) {
                throw new ConfigurationException(key, "not an emailra property; valid: protocol, " + POOL_KEYS
                        + ", " + TOKEN_PROVIDER_TARGET + ", " + configProperties.keySet());
            }
        }
        Object target = properties.get(TOKEN_PROVIDER_TARGET);
        if (target != null) {
            try {
                managed.useTokenProvider(new ServiceTokenProvider(context, target.toString()));
            } catch (InvalidSyntaxException e) {
                throw new ConfigurationException(TOKEN_PROVIDER_TARGET, "'" + target + "' is not an LDAP filter: "
                        + e.getMessage());
            }
        }
        NonManagedConnectionManager pool = new NonManagedConnectionManager(managed, poolSettings(properties));
        ServiceRegistration<?> registration;
        try {
            Object factory = managed.createConnectionFactory(pool);
            registration = context.registerService(serviceInterface(managed), factory, serviceProperties(pid, managed.config()));
        } catch (ResourceException e) {
            pool.close();
            managed.close();
            throw new ConfigurationException(null, e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close(); // e.g. the bundle context is no longer valid
            managed.close();
            throw e;
        }
        Registered previous = byPid.put(pid, new Registered(registration, pool, managed));
        if (previous != null) {
            previous.close();
        }
    }

    @Override
    public synchronized void deleted(String pid) {
        Registered registered = byPid.remove(pid);
        if (registered != null) {
            registered.close();
        }
    }

    /** Closes every pool and unregisters every service; later deliveries of configurations make nothing. */
    synchronized void closeAll() {
        closed = true;
        byPid.keySet().forEach(this::deleted);
    }

    private static MailManagedConnectionFactory<?> managedFactory(Object protocol) throws ConfigurationException {
        String name = protocol == null ? "" : protocol.toString().strip().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "IMAP" -> new ImapManagedConnectionFactory();
            case "POP3" -> new Pop3ManagedConnectionFactory();
            case "SMTP" -> new SmtpManagedConnectionFactory();
            default -> throw new ConfigurationException("protocol", "'" + protocol + "' is not IMAP, POP3 or SMTP");
        };
    }

    private static String serviceInterface(MailManagedConnectionFactory<?> managed) {
        return "io.emailra.api." + switch (managed.protocol()) {
            case IMAP -> "ImapClientFactory";
            case POP3 -> "Pop3ClientFactory";
            case SMTP -> "SmtpClientFactory";
        };
    }

    /**
     * The setters of the protocol's config properties, by property name. Found from {@link ConfigProperty}, not
     * with {@code java.beans.Introspector}, whose cache would keep emailra's classes (and so its class
     * loader) after the bundle is uninstalled.
     */
    private static Map<String, Method> configProperties(MailManagedConnectionFactory<?> managed) {
        Map<String, Method> setters = new TreeMap<>();
        for (ConfigProperty property : ConfigProperty.of(managed.protocol())) {
            String name = property.propertyName();
            try {
                setters.put(name, managed.getClass().getMethod(
                        "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1), property.type()));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no setter for config property " + name, e);
            }
        }
        return setters;
    }

    private static void set(MailManagedConnectionFactory<?> managed, Method setter, String key, Object value)
            throws ConfigurationException {
        Class<?> type = setter.getParameterTypes()[0];
        try {
            Object converted = type == Integer.class ? Integer.valueOf(value.toString().strip())
                    : type == Boolean.class ? Boolean.valueOf(value.toString().strip()) : value.toString();
            setter.invoke(managed, converted);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key, "'" + value + "' is not a whole number");
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new ConfigurationException(key, "cannot be set: " + e, e);
        }
    }

    private static PoolSettings poolSettings(Dictionary<String, ?> properties) throws ConfigurationException {
        PoolSettings defaults = PoolSettings.defaults();
        try {
            return new PoolSettings(
                    number(properties, "pool.maxSize", defaults.maxSize()),
                    Duration.ofMillis(number(properties, "pool.maxWaitMillis", defaults.maxWait().toMillis())),
                    Duration.ofMillis(number(properties, "pool.idleTimeoutMillis", defaults.idleTimeout().toMillis())));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(null, e.getMessage());
        }
    }

    private static int number(Dictionary<String, ?> properties, String key, long fallback) throws ConfigurationException {
        Object value = properties.get(key);
        try {
            return value == null ? (int) fallback : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key, "'" + value + "' is not a whole number");
        }
    }

    /** What a consumer may filter on; never a password. */
    private static Dictionary<String, Object> serviceProperties(String pid, MailServerConfig config) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("emailra.pid", pid);
        properties.put("protocol", config.protocol().name());
        properties.put("host", config.host());
        properties.put("port", config.port());
        properties.put("allocationMode", config.allocationMode().name());
        if (config.userName() != null) {
            properties.put("userName", config.userName());
        }
        return properties;
    }
}
