/**
 * What operators see: each connection factory's figures ({@link FactoryStatistics}, counted where
 * the work happens) and the MXBean that shows them in JMX ({@link ConnectionFactoryMXBean}). The
 * lowest layer: it uses nothing of emailra's, and every other layer may count into it.
 */
package io.emailra.ra.monitor;
