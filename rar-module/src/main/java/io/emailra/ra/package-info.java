/**
 * The JCA roles by their spec names: the {@code ResourceAdapter}, the three managed connection
 * factories, the {@code ManagedConnection} (one physical connection as the container pools it), its
 * connection handle and metadata, and the connection factories applications look up. The layers
 * below, arrows pointing down only:
 * <ul>
 *   <li>{@link io.emailra.ra.logical}: clients, {@code EmailConnection}s and the rules R1–R11 that
 *       choose which logical connection runs an operation;</li>
 *   <li>{@link io.emailra.ra.physical}: physical connections, one protocol per subpackage, sign-on,
 *       credentials, failure classification and the rules R12–R16;</li>
 *   <li>{@link io.emailra.ra.pool}: the non-managed path's pool, over the JCA interfaces only;</li>
 *   <li>{@link io.emailra.ra.config}: the config properties, their defaults and validation.</li>
 * </ul>
 */
package io.emailra.ra;
