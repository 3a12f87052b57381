package io.emailra.ra.physical.smtp;

import io.emailra.api.Envelope;

/**
 * A message recorded to be sent later: its bytes as the server will receive them (Message-ID fixed,
 * Bcc left out) and the envelope they go with, the recipients Bcc included.
 */
public record DeferredMessage(String messageId, Envelope envelope, byte[] content) {
}
