package io.emailra.ra.config;

import java.nio.file.Path;

/**
 * The validated settings only an SMTP factory has: when messages leave ({@code deliveryMode}, with
 * the journal and retry time of {@code ON_COMMIT}) and the provider limits. A limit that is unset is
 * {@link Integer#MAX_VALUE} / {@link Long#MAX_VALUE}.
 *
 * @param journalDirectory    where ON_COMMIT keeps messages until the server accepted them
 * @param maxMessagesInFlight the most messages of a pipelined batch awaiting the server's replies
 */
public record SendSettings(DeliveryMode deliveryMode, Path journalDirectory, long retryForMillis,
                           int maxMessagesPerConnection, long maxConnectionAgeMillis, int maxMessagesPerSecond,
                           int maxMessagesInFlight) {

    /** The upper bound of {@code maxMessagesInFlight}: the replies of this many small messages fit in socket buffers. */
    public static final int MOST_MESSAGES_IN_FLIGHT = 1000;

    public boolean onCommit() {
        return deliveryMode == DeliveryMode.ON_COMMIT;
    }
}
