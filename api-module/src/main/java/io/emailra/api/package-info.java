/**
 * The public API of emailra: an email client for Jakarta EE components backed by a Jakarta
 * Connectors resource adapter.
 *
 * <p>A component looks up (or injects with {@code @Resource}) an {@link io.emailra.api.ImapClientFactory},
 * {@link io.emailra.api.Pop3ClientFactory} or {@link io.emailra.api.SmtpClientFactory}, obtains a client
 * and runs operations. Every operation runs on one {@link io.emailra.api.EmailConnection}, a pooled
 * physical connection to the mail server. Which one is decided by the client's
 * {@link io.emailra.api.AllocationMode} unless the operation is given a connection explicitly (the
 * overloads taking an {@code EmailConnection} first).
 */
package io.emailra.api;
