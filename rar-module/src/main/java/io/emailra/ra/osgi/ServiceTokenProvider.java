package io.emailra.ra.osgi;

import io.emailra.api.OAuth2TokenProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.util.Collection;
import java.util.Comparator;

/**
 * The {@link OAuth2TokenProvider} service a configuration selects with {@code oauth2TokenProvider.target}
 * (an LDAP filter): in OSGi a class of the configuring bundle cannot be loaded by name, so the provider
 * is a service. It is looked up at every sign-on, so a provider that is replaced or comes late is
 * used; with none, the sign-on fails naming the filter.
 */
final class ServiceTokenProvider implements OAuth2TokenProvider {

    private final BundleContext context;
    private final String filter;

    ServiceTokenProvider(BundleContext context, String filter) throws InvalidSyntaxException {
        this.context = context;
        this.filter = filter;
        context.createFilter(filter); // a wrong filter is the configuration's error, now
    }

    @Override
    public String accessToken(String user, boolean refresh) {
        Collection<ServiceReference<OAuth2TokenProvider>> references;
        try {
            references = context.getServiceReferences(OAuth2TokenProvider.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceReference<OAuth2TokenProvider> best = references.stream().max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException("no " + OAuth2TokenProvider.class.getName()
                        + " service matches " + filter));
        OAuth2TokenProvider provider = context.getService(best);
        if (provider == null) {
            throw new IllegalStateException("the " + OAuth2TokenProvider.class.getName() + " service " + filter
                    + " went away");
        }
        try {
            return provider.accessToken(user, refresh);
        } finally {
            context.ungetService(best);
        }
    }

    @Override
    public String toString() {
        return "OSGi service " + OAuth2TokenProvider.class.getName() + " " + filter;
    }
}
