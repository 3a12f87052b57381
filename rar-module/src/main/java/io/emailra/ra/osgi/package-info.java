/**
 * emailra for OSGi applications without a JCA container: the connection factories as OSGi services,
 * one per Configuration Admin configuration of the factory PID {@code io.emailra}, built through the
 * JCA non-managed path.
 */
package io.emailra.ra.osgi;
