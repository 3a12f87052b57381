/**
 * Physical connections to mail servers: one protocol per subpackage (an Angus store or transport and
 * the protocol state on it), sign-on with its XOAUTH2 retry, credentials, the classification of
 * failures (refused operation, lost connection, refused credentials, server limit) and the per-user
 * caps of R16. Uses {@code config} only.
 */
package io.emailra.ra.physical;
