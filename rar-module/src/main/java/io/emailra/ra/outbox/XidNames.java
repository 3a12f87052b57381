package io.emailra.ra.outbox;

import javax.transaction.xa.Xid;
import java.util.Arrays;
import java.util.Base64;

/**
 * Transaction branch ids as journal directory names and back: format id, global id and branch
 * qualifier, the bytes unchanged (a transaction manager recognizes its branches by them), in at most
 * 182 file name characters: hexadecimal and URL-safe Base64, separated by dots (in neither alphabet).
 */
final class XidNames {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private XidNames() {
    }

    static String name(Xid xid) {
        return Integer.toHexString(xid.getFormatId()) + "." + ENCODER.encodeToString(xid.getGlobalTransactionId())
                + "." + ENCODER.encodeToString(xid.getBranchQualifier());
    }

    static Xid xid(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a transaction branch name: " + name);
        }
        return new RecoveredXid(Integer.parseUnsignedInt(parts[0], 16), DECODER.decode(parts[1]), DECODER.decode(parts[2]));
    }

    /** A branch id read back from the journal, for the transaction manager's recovery. */
    private record RecoveredXid(int formatId, byte[] globalId, byte[] branchQualifier) implements Xid {

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return globalId.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return branchQualifier.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Xid xid && xid.getFormatId() == formatId
                    && Arrays.equals(xid.getGlobalTransactionId(), globalId)
                    && Arrays.equals(xid.getBranchQualifier(), branchQualifier);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(globalId) + Arrays.hashCode(branchQualifier);
        }

        @Override
        public String toString() {
            return name(this);
        }
    }
}
