package io.emailra.ra;

import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailProtocolException;
import io.emailra.ra.physical.Credentials;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R13 inside one managed connection: an operation that fails in a way emailra did not foresee
 * leaves the protocol in an unknown state, so the connection is evicted and the container told;
 * emailra's own refusals keep it.
 */
class MailManagedConnectionTest {

    private final List<ConnectionEvent> errors = new CopyOnWriteArrayList<>();
    private final List<ConnectionEvent> closes = new CopyOnWriteArrayList<>();
    private MailManagedConnection<SerializationTest.CountingSession> managed;
    private MailConnectionHandle<SerializationTest.CountingSession> handle;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void open() throws Exception {
        SerializationTest.TestManagedConnectionFactory factory = new SerializationTest.TestManagedConnectionFactory();
        factory.setTransportSecurity("NONE");
        managed = factory.open(Credentials.NONE);
        managed.addConnectionEventListener(new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                closes.add(event);
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
                errors.add(event);
            }

            @Override
            public void localTransactionStarted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionCommitted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionRolledback(ConnectionEvent event) {
            }
        });
        handle = (MailConnectionHandle<SerializationTest.CountingSession>) managed.getConnection(null, null);
    }

    @AfterEach
    void destroy() {
        managed.destroy();
    }

    static Stream<Throwable> unforeseen() {
        return Stream.of(new UnsupportedOperationException(), new NullPointerException(),
                new ClassCastException("half-parsed response"), new AssertionError(), new StackOverflowError());
    }

    static Stream<Throwable> refusals() {
        return Stream.of(new IllegalStateException("no folder selected"), new IllegalArgumentException("no such uid"),
                new EmailProtocolException("the server said NO", null));
    }

    @ParameterizedTest
    @MethodSource("unforeseen")
    void anUnforeseenExceptionOrErrorEvictsTheConnectionAndIsRethrownAsItWas(Throwable thrown) {
        Throwable caught = assertThrows(Throwable.class, () -> handle.execute(session -> throwing(thrown)));

        assertSame(thrown, caught, "the operation's own exception reaches the caller");
        assertTrue(managed.isBroken(), thrown + " left the connection usable");
        assertFalse(managed.isValid());
        assertFalse(handle.isUsable());
        assertEquals(1, errors.size(), "one CONNECTION_ERROR_OCCURRED for the container");
        ConnectionEvent event = errors.get(0);
        assertEquals(ConnectionEvent.CONNECTION_ERROR_OCCURRED, event.getId());
        assertSame(managed, event.getSource());
        assertSame(handle, event.getConnectionHandle());
        EmailConnectionException reported = assertInstanceOf(EmailConnectionException.class, event.getException());
        assertSame(thrown, reported.getCause());

        handle.close();
        assertEquals(List.of(), closes, "a broken connection must not be returned to the pool as closed");
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void emailrasOwnRefusalsKeepTheConnection(Throwable thrown) {
        Throwable caught = assertThrows(Throwable.class, () -> handle.execute(session -> throwing(thrown)));

        assertSame(thrown, caught);
        assertFalse(managed.isBroken(), thrown + " evicted the connection");
        assertTrue(managed.isValid());
        assertEquals(List.of(), errors, "no error reported to the container");
        assertEquals("still works", handle.execute(session -> "still works"));

        handle.close();
        assertEquals(1, closes.size(), "the usable connection goes back to the pool");
    }

    @Test
    void aServerRefusalBecomesAProtocolExceptionAndKeepsTheConnection() {
        jakarta.mail.MessagingException refused = new jakarta.mail.MessagingException("NO [TRYCREATE] no such folder");
        EmailProtocolException caught = assertThrows(EmailProtocolException.class,
                () -> handle.execute(session -> {
                    throw refused;
                }));
        assertSame(refused, caught.getCause());
        assertFalse(managed.isBroken());
        assertEquals(List.of(), errors);
    }

    private static Object throwing(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) thrown;
    }
}
