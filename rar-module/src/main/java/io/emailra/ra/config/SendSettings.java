package io.emailra.ra.config;

import java.nio.file.Path;

/**
 * The validated settings only an SMTP factory has: when messages leave ({@code deliveryMode}, with
 * the journal and retry time of {@code ON_COMMIT}) and the provider limits. A limit that is unset is
 * {@link Integer#MAX_VALUE} / {@link Long#MAX_VALUE}.
 *
 * @param journalDirectory where ON_COMMIT keeps messages until the server accepted them
 */
public record SendSettings(DeliveryMode deliveryMode, Path journalDirectory, long retryForMillis,
                           int maxMessagesPerConnection, long maxConnectionAgeMillis, int maxMessagesPerSecond) {

    /** The settings of a factory left at its defaults: no journal is ever used. */
    public static SendSettings immediate(Path journalDirectory) {
        return new SendSettings(DeliveryMode.IMMEDIATE, journalDirectory,
                ConfigProperty.RETRY_FOR_MILLIS.number(), Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    public boolean onCommit() {
        return deliveryMode == DeliveryMode.ON_COMMIT;
    }
}
