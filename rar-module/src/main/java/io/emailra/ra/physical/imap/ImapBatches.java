package io.emailra.ra.physical.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a fetch of many whole messages is split into commands: consecutive UIDs, in the order given,
 * as many as fit in a bound on the bytes one command brings (the response is read whole before its
 * messages are handed on, so the bound is what a fetch holds at once). A message larger than the
 * bound goes alone.
 */
final class ImapBatches {

    /** The bytes one command may bring; RFC822.SIZE is the exact size of {@code BODY[]}. */
    static final long BOUND = 8L * 1024 * 1024;

    /** UIDs fetched in one command; {@code alone} if it is one message larger than the bound. */
    record Batch(List<Long> uids, boolean alone) {
    }

    private ImapBatches() {
    }

    /** The batches, in order; every UID must have a size. */
    static List<Batch> plan(List<Long> uids, Map<Long, Long> sizes, long bound) {
        List<Batch> batches = new ArrayList<>();
        List<Long> current = new ArrayList<>();
        long bytes = 0;
        for (long uid : uids) {
            long size = sizes.get(uid);
            if (!current.isEmpty() && bytes + size > bound) {
                batches.add(new Batch(List.copyOf(current), false));
                current.clear();
                bytes = 0;
            }
            if (size > bound) {
                batches.add(new Batch(List.of(uid), true));
            } else {
                current.add(uid);
                bytes += size;
            }
        }
        if (!current.isEmpty()) {
            batches.add(new Batch(List.copyOf(current), false));
        }
        return batches;
    }
}
