/**
 * emailra for MicroProfile: a jar the application adds (WEB-INF/lib) to report its emailra connection
 * factories as a MicroProfile Health readiness check ({@link io.emailra.microprofile.MailReadiness}).
 */
package io.emailra.microprofile;
