/**
 * The non-managed path (no application server): a JCA {@code ConnectionManager} over a bounded pool
 * of its own, keyed by what connections sign on as. It uses the managed connections through the JCA
 * interfaces only, and what {@link io.emailra.ra.pool.PooledConnectionFactory} adds.
 */
package io.emailra.ra.pool;
