/** Receiving mail: the message listener type of emailra's message-driven beans. */
package io.emailra.api.inbound;
