package io.emailra.ra;

import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;
import java.util.Optional;

/**
 * The container's transaction registry under its standard JNDI name, for a factory that has no
 * resource adapter (one that was serialized and read again). Remembers the registry once found, and
 * its absence only where there is no JNDI at all (no container); a thread without {@code java:comp}
 * may come before one that has it.
 */
final class TransactionRegistryLookup {

    private volatile Optional<TransactionSynchronizationRegistry> found;

    /** The registry, or null if there is none (no container: default connections belong to threads, R10). */
    TransactionSynchronizationRegistry registry() {
        Optional<TransactionSynchronizationRegistry> known = found;
        return (known != null ? known : lookUp()).orElse(null);
    }

    private Optional<TransactionSynchronizationRegistry> lookUp() {
        try {
            Optional<TransactionSynchronizationRegistry> registry = Optional.of((TransactionSynchronizationRegistry)
                    new InitialContext().lookup("java:comp/TransactionSynchronizationRegistry"));
            found = registry;
            return registry;
        } catch (NoInitialContextException e) {
            found = Optional.empty();
            return found;
        } catch (NamingException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
