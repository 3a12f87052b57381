package io.emailra.ra.osgi;

import io.emailra.ra.config.WriteTimeouts;
import io.emailra.ra.pool.IdleEviction;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedServiceFactory;

import java.util.Hashtable;

/** Registers the {@link ClientFactoryConfigurations} for the factory PID {@code io.emailra}; stopping closes every pool. */
public final class EmailraActivator implements BundleActivator {

    /** The Configuration Admin factory PID whose configurations become client factories. */
    public static final String FACTORY_PID = "io.emailra";

    private ClientFactoryConfigurations configurations;
    private ServiceRegistration<ManagedServiceFactory> registration;

    @Override
    public void start(BundleContext context) {
        configurations = new ClientFactoryConfigurations(context);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, FACTORY_PID);
        registration = context.registerService(ManagedServiceFactory.class, configurations, properties);
    }

    /** Closes every pool; emailra's own threads (write time limits, idle eviction) end now, not after their idle time. */
    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        configurations.closeAll();
        WriteTimeouts.stop();
        IdleEviction.stop();
    }
}
