package io.emailra.ra.config;

/**
 * Refuses text with control characters where they would change what is sent: a CR or LF ends a
 * protocol's command line and the rest is read as another command; a NUL separates SASL fields.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The index of the first control character (below U+0020, or DEL), or -1. */
    public static int find(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param showValue whether the message may quote the value; never for a secret
     * @throws IllegalArgumentException naming the value's name, the character and where it is
     */
    public static String refuse(String value, String name, boolean showValue) {
        int at = find(value);
        if (at >= 0) {
            throw new IllegalArgumentException(name + " must not contain control characters (found U+"
                    + String.format("%04X", (int) value.charAt(at)) + " at index " + at + ")"
                    + (showValue ? ": " + printable(value) : ""));
        }
        return value;
    }

    /** The value with CR and LF written as \r and \n, for messages. */
    public static String printable(String value) {
        return value == null ? null : value.replace("\r", "\\r").replace("\n", "\\n");
    }
}
