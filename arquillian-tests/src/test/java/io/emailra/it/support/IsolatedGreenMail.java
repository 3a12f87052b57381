package io.emailra.it.support;

import java.io.IOException;
import java.lang.reflect.Array;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * GreenMail in this JVM but in a class loader of its own (parent: the platform loader), so that
 * its Jakarta Mail and Angus 2.0 jars never join the server's class path, where they would shadow
 * the Angus inside the RAR and hide class-loading bugs. Driven by reflection for that reason.
 */
public final class IsolatedGreenMail {

    private final ClassLoader loader;
    private final Object greenMail;

    private IsolatedGreenMail(ClassLoader loader, Object greenMail) {
        this.loader = loader;
        this.greenMail = greenMail;
    }

    /** Starts SMTP, POP3 and IMAP on 127.0.0.1 at the given ports, from the jars in {@code lib}. */
    public static IsolatedGreenMail start(Path lib, int smtp, int pop3, int imap) throws Exception {
        ClassLoader loader = new URLClassLoader("greenmail", jars(lib), ClassLoader.getPlatformClassLoader());
        Class<?> setup = loader.loadClass("com.icegreen.greenmail.util.ServerSetup");
        Object setups = Array.newInstance(setup, 3);
        Array.set(setups, 0, setup.getConstructor(int.class, String.class, String.class).newInstance(smtp, "127.0.0.1", "smtp"));
        Array.set(setups, 1, setup.getConstructor(int.class, String.class, String.class).newInstance(pop3, "127.0.0.1", "pop3"));
        Array.set(setups, 2, setup.getConstructor(int.class, String.class, String.class).newInstance(imap, "127.0.0.1", "imap"));
        Object greenMail = loader.loadClass("com.icegreen.greenmail.util.GreenMail")
                .getConstructor(setups.getClass()).newInstance(setups);
        IsolatedGreenMail server = new IsolatedGreenMail(loader, greenMail);
        server.within(() -> greenMail.getClass().getMethod("start").invoke(greenMail));
        return server;
    }

    private static URL[] jars(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.toString().endsWith(".jar")).map(f -> {
                try {
                    return f.toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(URL[]::new);
        }
    }

    /** A mailbox with this address, login and password. */
    public void createUser(String email, String login, String password) {
        within(() -> greenMail.getClass().getMethod("setUser", String.class, String.class, String.class)
                .invoke(greenMail, email, login, password));
    }

    /** A folder in the mailbox of the user with this address. */
    public void createFolder(String email, String folder) {
        within(() -> {
            Object users = greenMail.getClass().getMethod("getUserManager").invoke(greenMail);
            Object user = users.getClass().getMethod("getUserByEmail", String.class).invoke(users, email);
            Object managers = greenMail.getClass().getMethod("getManagers").invoke(greenMail);
            Object imap = managers.getClass().getMethod("getImapHostManager").invoke(managers);
            Class<?> userType = loader.loadClass("com.icegreen.greenmail.user.GreenMailUser");
            return imap.getClass().getMethod("createMailbox", userType, String.class).invoke(imap, user, folder);
        });
    }

    public void stop() {
        within(() -> greenMail.getClass().getMethod("stop").invoke(greenMail));
    }

    private Object within(Callable<Object> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } catch (Exception e) {
            throw new IllegalStateException("GreenMail call failed: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
