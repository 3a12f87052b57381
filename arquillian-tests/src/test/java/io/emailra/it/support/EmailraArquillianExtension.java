package io.emailra.it.support;

import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link ServerSetup} with Arquillian. */
public class EmailraArquillianExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(ServerSetup.class);
    }
}
