package io.emailra.ra.config;

import io.emailra.api.AllocationMode;
import io.emailra.api.OAuth2TokenProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Parses the raw config property values a container sets on a managed connection factory. Each
 * method fails with a {@link ConfigException} naming the owner, the property, the value and what
 * is allowed.
 */
public final class ConfigValues {

    private static final Logger LOG = Logger.getLogger(ConfigValues.class.getName());

    private ConfigValues() {
    }

    /**
     * Accepts the enum's names in any case, with or without underscores, so that Aspose's
     * spellings ({@code UseMainOrDefault}) work too.
     */
    public static AllocationMode allocationMode(String owner, String value) {
        return enumValue(owner, "allocationMode", value, AllocationMode.class,
                " (case-insensitive; Aspose's spellings such as UseMainOrDefault are accepted)");
    }

    public static DeliveryMode deliveryMode(String owner, String value) {
        return enumValue(owner, "deliveryMode", value, DeliveryMode.class, " (case-insensitive)");
    }

    /** A limit from 1, or unset (the given "no limit" value). */
    public static long limit(String owner, String property, Integer value, long unset, String unit) {
        if (value == null) {
            return unset;
        }
        if (value < 1) {
            throw new ConfigException(owner, property, value, unit + " from 1, or unset for no limit");
        }
        return value;
    }

    /** {@code maxMessagesInFlight}: 1 to {@link SendSettings#MOST_MESSAGES_IN_FLIGHT}; unset, its default. */
    public static int messagesInFlight(String owner, Integer value) {
        if (value == null) {
            return ConfigProperty.MAX_MESSAGES_IN_FLIGHT.number();
        }
        if (value < 1 || value > SendSettings.MOST_MESSAGES_IN_FLIGHT) {
            throw new ConfigException(owner, "maxMessagesInFlight", value, "a number of messages from 1 to "
                    + SendSettings.MOST_MESSAGES_IN_FLIGHT);
        }
        return value;
    }

    /**
     * The journal directory, made if missing; it must be writable. Unset: {@code emailra-journal/<name>}
     * under the server instance's directory (Payara and GlassFish, WildFly, Open Liberty, Karaf), else
     * under the working directory.
     */
    public static Path journalDirectory(String owner, String value, String defaultName) {
        Path directory;
        try {
            directory = value == null || value.isBlank() ? instanceDirectory().resolve("emailra-journal").resolve(defaultName)
                    : Path.of(value.strip());
        } catch (InvalidPathException e) {
            throw new ConfigException(owner, "journalDirectory", value, "a directory path (" + e.getMessage() + ")");
        }
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, "probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(owner, "journalDirectory", directory,
                    "a directory emailra can create and write to (" + e + ")");
        }
        return directory.toAbsolutePath();
    }

    private static Path instanceDirectory() {
        for (String property : List.of("com.sun.aas.instanceRoot", "jboss.server.data.dir", "server.output.dir", "karaf.data")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                return Path.of(value);
            }
        }
        return Path.of(System.getProperty("user.dir"));
    }

    public static TransportSecurity transportSecurity(String owner, String value) {
        return enumValue(owner, "transportSecurity", value, TransportSecurity.class, " (case-insensitive)");
    }

    public static String host(String owner, String value) {
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(owner, "host", value, "a host name or IP address without spaces");
        }
        return value;
    }

    /** The port, or the protocol's standard port for the security setting when none is set. */
    public static int port(String owner, Integer value, int standardPort) {
        if (value == null) {
            return standardPort;
        }
        if (value < 1 || value > 65535) {
            throw new ConfigException(owner, "port", value, "1 to 65535");
        }
        return value;
    }

    /** A user name or password: no control characters (see {@link ControlCharacters}); a secret is never shown. */
    public static String credential(String owner, String property, String value, boolean secret) {
        if (value != null && ControlCharacters.find(value) >= 0) {
            throw new ConfigException(owner, property, secret ? "(hidden)" : ControlCharacters.printable(value),
                    "text without control characters (CR, LF, NUL, ...)");
        }
        return value;
    }

    /** At least 1, or unset ({@link Integer#MAX_VALUE}: learned from the server's refusals). */
    public static int maxConnectionsPerUser(String owner, Integer value) {
        if (value == null) {
            return Integer.MAX_VALUE;
        }
        if (value < 1) {
            throw new ConfigException(owner, "maxConnectionsPerUser", value,
                    "1 to the pool's maximum size, or unset to learn it from the server");
        }
        return value;
    }

    /** A configured {@code maxConnectionsPerUser} must fit in the pool it caps. */
    public static void fitsInPool(String owner, int maxConnectionsPerUser, int poolMaxSize) {
        if (maxConnectionsPerUser != Integer.MAX_VALUE && maxConnectionsPerUser > poolMaxSize) {
            throw new ConfigException(owner, "maxConnectionsPerUser", maxConnectionsPerUser,
                    "1 to " + poolMaxSize + " (the pool's maximum size), or unset to learn it from the server");
        }
    }

    public static int timeoutMillis(String owner, String property, Integer value) {
        if (value == null || value < 1) {
            throw new ConfigException(owner, property, value, "a number of milliseconds from 1");
        }
        return value;
    }

    /**
     * Loads and instantiates the application's token provider: through the calling thread's context
     * class loader (the application's, when the container creates the factory for it), else the
     * adapter's own.
     */
    /**
     * The token provider named by {@code oauth2TokenProvider}, loaded by emailra's own class loader
     * when it can see the class (a library jar, the RAR's class path): a server-level pool then holds no
     * application's classes. Only otherwise through the caller's context class loader, which is right
     * for a factory the application defines itself ({@code @ConnectionFactoryDefinition}) but keeps
     * that application's classes for as long as a server-level pool lives; the log says so when it happens.
     */
    public static OAuth2TokenProvider tokenProvider(String owner, String className) {
        if (className == null) {
            return null;
        }
        String name = className.strip();
        String allowed = "the name of a public class with a public no-argument constructor implementing "
                + OAuth2TokenProvider.class.getName() + ", visible to emailra or to the application";
        try {
            Class<?> type;
            try {
                type = Class.forName(name, true, ConfigValues.class.getClassLoader());
            } catch (ClassNotFoundException notOurs) {
                ClassLoader application = Thread.currentThread().getContextClassLoader();
                if (application == null) {
                    throw notOurs;
                }
                type = Class.forName(name, true, application);
                LOG.log(Level.WARNING, "emailra: {0}: oauth2TokenProvider {1} was loaded through the application''s"
                        + " class loader; a pool defined on the server keeps that application''s classes until the pool"
                        + " is removed (put the class in a library jar, or define the connection factory in the"
                        + " application)", new Object[]{owner, name});
            }
            return (OAuth2TokenProvider) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ConfigException(owner, "oauth2TokenProvider", className, allowed + " (" + e + ")");
        }
    }

    public static int nonNegativeMillis(String owner, String property, Integer value) {
        if (value == null || value < 0) {
            throw new ConfigException(owner, property, value, "a number of milliseconds from 0");
        }
        return value;
    }

    /** Parses {@code key=value;key=value}; blank entries are ignored. */
    public static Map<String, String> mailProperties(String owner, String value) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (value == null) {
            return properties;
        }
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || !entry.substring(0, eq).strip().startsWith("mail.")) {
                throw new ConfigException(owner, "mailProperties", value,
                        "entries 'mail.key=value' separated by ';' (bad entry: '" + entry.strip() + "')");
            }
            properties.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return properties;
    }

    private static <E extends Enum<E>> E enumValue(String owner, String property, String value, Class<E> type,
                                                   String note) {
        E[] constants = type.getEnumConstants();
        if (value != null) {
            String wanted = normalize(value);
            for (E constant : constants) {
                if (normalize(constant.name()).equals(wanted)) {
                    return constant;
                }
            }
        }
        throw new ConfigException(owner, property, value, ConfigException.list(Arrays.asList(constants)) + note);
    }

    private static String normalize(String name) {
        return name.strip().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
