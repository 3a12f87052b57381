package io.emailra.ra.config;

import io.emailra.api.OAuth2TokenProvider;
import io.emailra.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where {@code oauth2TokenProvider} is loaded from: emailra's own class loader when it sees the class,
 * whatever the caller's context class loader is (a server-level pool then holds no application's
 * classes); otherwise the caller's, with a warning that a server-level pool keeps that application.
 */
class TokenProviderLoadingTest {

    /** A provider emailra's class loader sees (here: on the test class path). */
    public static final class OnTheClassPath implements OAuth2TokenProvider {
        @Override
        public String accessToken(String user, boolean refresh) {
            return "token";
        }
    }

    @Test
    void aProviderEmailraCanSeeIsLoadedByEmailrasLoaderWhateverTheCallersIs() {
        ClassLoader seesNothing = new ClassLoader(null) {
        };
        OAuth2TokenProvider provider = withContextLoader(seesNothing,
                () -> ConfigValues.tokenProvider("owner", OnTheClassPath.class.getName()));
        assertSame(ConfigValues.class.getClassLoader(), provider.getClass().getClassLoader());
    }

    @Test
    void aProviderOnlyTheApplicationSeesIsLoadedThroughItWithAWarning(@TempDir Path classes) throws Exception {
        Path source = classes.resolve("OnlyInTheApplication.java");
        Files.writeString(source, "public class OnlyInTheApplication implements io.emailra.api.OAuth2TokenProvider {"
                + " public String accessToken(String user, boolean refresh) { return \"app-token\"; } }");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString()));
        List<LogRecord> logged;
        try (LogCapture log = LogCapture.of(ConfigValues.class.getName());
             URLClassLoader application = new URLClassLoader(new URL[]{classes.toUri().toURL()},
                     ConfigValues.class.getClassLoader())) {
            OAuth2TokenProvider provider = withContextLoader(application,
                    () -> ConfigValues.tokenProvider("ImapManagedConnectionFactory", "OnlyInTheApplication"));
            assertSame(application, provider.getClass().getClassLoader());
            assertEquals("app-token", provider.accessToken("u", false));
            logged = log.records();
        }
        assertEquals(1, logged.size());
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        String message = LogCapture.text(logged.get(0));
        assertTrue(message.contains("OnlyInTheApplication") && message.contains("library jar"), message);
    }

    private static OAuth2TokenProvider withContextLoader(ClassLoader loader, Supplier<OAuth2TokenProvider> loading) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return loading.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
