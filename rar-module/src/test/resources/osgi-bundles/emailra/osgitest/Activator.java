package emailra.osgitest;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.util.Collection;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

/**
 * Configures an SMTP factory for Postfix and an IMAP factory for Dovecot through Configuration Admin,
 * as an application's deployment would; {@link MailUser}, a DS component, gets the services emailra
 * makes of them.
 */
public class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) throws Exception {
        ConfigurationAdmin admin = context.getService(await(context, ConfigurationAdmin.class));
        configure(admin, "SMTP", System.getProperty("emailra.smtp.port"), System.getProperty("emailra.from"));
        configure(admin, "IMAP", System.getProperty("emailra.imap.port"), System.getProperty("emailra.to"));
    }

    @Override
    public void stop(BundleContext context) {
    }

    private static void configure(ConfigurationAdmin admin, String protocol, String port, String user)
            throws Exception {
        Configuration configuration = admin.createFactoryConfiguration("io.emailra", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("protocol", protocol);
        properties.put("host", "127.0.0.1");
        properties.put("port", port);
        properties.put("trustStore", System.getProperty("emailra.trustStore"));
        properties.put("trustStorePassword", System.getProperty("emailra.trustStorePassword"));
        properties.put("userName", user);
        properties.put("password", user.substring(0, user.indexOf('@')) + "-secret");
        configuration.update(properties);
    }

    private static <S> ServiceReference<S> await(BundleContext context, Class<S> type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Collection<ServiceReference<S>> found = context.getServiceReferences(type, null);
            if (!found.isEmpty()) {
                return found.iterator().next();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no " + type.getName() + " within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
