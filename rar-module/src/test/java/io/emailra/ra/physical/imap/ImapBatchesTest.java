package io.emailra.ra.physical.imap;

import io.emailra.ra.physical.imap.ImapBatches.Batch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commands a fetch of many messages is split into: the order given, bounded bytes, large messages alone. */
class ImapBatchesTest {

    @Test
    void whatFitsTheBoundIsOneCommandInTheOrderGiven() {
        assertEquals(List.of(new Batch(List.of(9L, 2L, 5L, 2L), false)),
                ImapBatches.plan(List.of(9L, 2L, 5L, 2L), Map.of(9L, 10L, 2L, 20L, 5L, 30L), 100));
    }

    @Test
    void aCommandEndsBeforeTheMessageThatWouldPassTheBound() {
        assertEquals(List.of(new Batch(List.of(1L, 2L), false), new Batch(List.of(3L, 4L), false)),
                ImapBatches.plan(List.of(1L, 2L, 3L, 4L), Map.of(1L, 40L, 2L, 60L, 3L, 50L, 4L, 50L), 100));
    }

    @Test
    void aMessageLargerThanTheBoundGoesAloneAndTheOthersKeepTheirOrder() {
        assertEquals(List.of(new Batch(List.of(1L), false), new Batch(List.of(2L), true), new Batch(List.of(3L, 4L), false)),
                ImapBatches.plan(List.of(1L, 2L, 3L, 4L), Map.of(1L, 10L, 2L, 101L, 3L, 10L, 4L, 90L), 100));
    }
}
