package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every rule of {@link AllocationRulesTest} (R1–R8, R10) again, on a connection factory that was
 * serialized and read back (JCA connection factories are {@code Serializable}): the copy runs on
 * the pool of its own, deserialized managed connection factory, which closes it.
 */
class AllocationRulesAfterSerializationTest extends AllocationRulesTest {

    private ImapManagedConnectionFactory copyManaged;
    private ImapClientFactory copyFactory;
    private NonManagedConnectionManager copyPool;

    @Override
    protected Object[] prepare(ImapManagedConnectionFactory managed, ImapClientFactory factory,
                               NonManagedConnectionManager pool) throws Exception {
        Object[] copy = serializedAndReadBack(new Object[]{managed, factory, pool});
        copyManaged = (ImapManagedConnectionFactory) copy[0];
        copyFactory = (ImapClientFactory) copy[1];
        copyPool = (NonManagedConnectionManager) copy[2];
        assertNotSame(managed, copyManaged);
        assertNotSame(factory, copyFactory, "the tests must run on the copy");
        assertNotSame(pool, copyPool, "the copy must not share the original's pool");
        assertEquals(managed, copyManaged);
        assertSame(copyPool, copyManaged.nonManagedPool(PoolSettings.defaults()),
                "the copy's pool is the one its deserialized managed connection factory owns");
        return new Object[]{copyFactory, copyPool};
    }

    @AfterEach
    void theCopysPoolIsClosedWithItsManagedConnectionFactory() {
        copyManaged.close();
        assertEquals(0, copyPool.idleCount(), "closing the managed connection factory closes its pool");
        assertEquals(0, copyManaged.openConnections(), "physical connections of the copy left open");
        assertThrows(EmailConnectionException.class, () -> copyFactory.getClient(AllocationMode.USE_MAIN).noop(),
                "a closed pool hands out no connection");
    }

    @Test
    void aManagedConnectionFactoryReadBackEqualsTheOriginalAndMakesWorkingFactories() throws Exception {
        String user = MAIL.newUser();
        ImapManagedConnectionFactory original = MAIL.configure(new ImapManagedConnectionFactory(), user);
        ImapManagedConnectionFactory copy = null;
        try {
            // The original has been used: its transient state (configuration, pool) exists before it is written.
            ((ImapClientFactory) original.createConnectionFactory()).getClient(AllocationMode.USE_MAIN).close();
            copy = serializedAndReadBack(original);
            assertNotSame(original, copy);
            assertEquals(original, copy);
            assertEquals(original.hashCode(), copy.hashCode());
            assertEquals(0, copy.openConnections(), "a copy has opened nothing yet");

            ImapClientFactory factory = (ImapClientFactory) copy.createConnectionFactory();
            try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN)) {
                client.appendMessage("INBOX", message(user, user, "through the copy", "c"));
                client.selectFolder("INBOX");
                assertEquals(List.of("through the copy"), client.listMessages().stream().map(MessageInfo::subject).toList());
                assertEquals(1, copy.openConnections());
            }
            assertNotSame(original.nonManagedPool(PoolSettings.defaults()), copy.nonManagedPool(PoolSettings.defaults()),
                    "the copy has a pool of its own");
        } finally {
            original.close();
            if (copy != null) {
                copy.close();
                assertEquals(0, copy.openConnections());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T serializedAndReadBack(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
