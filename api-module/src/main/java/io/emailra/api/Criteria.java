package io.emailra.api;

/** The checks of {@link SearchQuery}'s values. */
final class Criteria {

    /** The largest UID IMAP allows (RFC 9051: a non-zero 32-bit unsigned number). */
    static final long MAX_UID = 0xFFFF_FFFFL;

    private Criteria() {
    }

    static String text(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.length() > SearchQuery.MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(name + " is " + value.length() + " characters long; at most "
                    + SearchQuery.MAX_TEXT_LENGTH + " are accepted");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(name + " must not contain control characters (found U+"
                        + String.format("%04X", (int) value.charAt(i)) + " at index " + i + ")");
            }
        }
        return value;
    }

    /** A header name: printable ASCII without spaces, specials or a colon. */
    static String atom(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be null or empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7F || "(){%*\"\\]:".indexOf(c) >= 0) {
                throw new IllegalArgumentException(name + " '" + value.replaceAll("\\p{Cntrl}", "?")
                        + "' may hold only printable ASCII without spaces and (){%*\"\\]: (found '"
                        + (Character.isISOControl(c) ? "U+" + String.format("%04X", (int) c) : String.valueOf(c)) + "')");
            }
        }
        return value;
    }

    /**
     * An IMAP keyword (RFC 9051 flag-keyword): 1 to 100 printable ASCII characters without spaces
     * and atom-specials, not starting with a backslash (those are system flags). The one rule for
     * keywords everywhere in emailra: searches, {@code addFlags}, inbound's KEYWORD mark.
     */
    static String keyword(String value, String name) {
        if (value == null || !value.matches("[\\x21-\\x7E&&[^(){%*\"\\\\\\]]]{1,100}") || value.startsWith("\\")) {
            throw new IllegalArgumentException(name + " '" + String.valueOf(value).replaceAll("\\p{Cntrl}", "?")
                    + "' is not an IMAP keyword: 1 to 100 printable ASCII characters without spaces,"
                    + " (){%*\"\\] or a leading \\");
        }
        return value;
    }
}
