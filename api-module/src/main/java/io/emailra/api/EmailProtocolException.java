package io.emailra.api;

import java.util.Set;

/**
 * The server refused an operation (no such folder, recipient rejected, …). The connection stays
 * usable.
 *
 * <p>What the server said, for a program to act on without parsing text: the SMTP reply code and
 * enhanced status code (RFC 3463), the IMAP or POP3 response code (RFC 5530, RFC 2449:
 * {@code TRYCREATE}, {@code OVERQUOTA}, {@code ALREADYEXISTS}, {@code UNAVAILABLE}, {@code IN-USE},
 * …), and whether trying again later may succeed ({@link #isTransient()}).
 */
public class EmailProtocolException extends EmailException {

    private static final long serialVersionUID = 2L;

    /** Response codes that say a later try may succeed (RFC 5530 §3, RFC 3206). */
    private static final Set<String> TRANSIENT_RESPONSE_CODES = Set.of("UNAVAILABLE", "INUSE", "IN-USE", "SYS/TEMP");

    private final int replyCode;
    private final String enhancedStatusCode;
    private final String responseCode;

    public EmailProtocolException(String message) {
        this(message, null);
    }

    public EmailProtocolException(String message, Throwable cause) {
        this(message, cause, -1, null, null);
    }

    /**
     * @param replyCode          the SMTP reply code, or -1
     * @param enhancedStatusCode the SMTP enhanced status code ({@code 5.1.1}), or null
     * @param responseCode       the IMAP or POP3 response code without brackets ({@code TRYCREATE}), or null
     */
    public EmailProtocolException(String message, Throwable cause, int replyCode, String enhancedStatusCode,
                                  String responseCode) {
        super(message, cause);
        this.replyCode = replyCode;
        this.enhancedStatusCode = enhancedStatusCode;
        this.responseCode = responseCode;
    }

    /** The SMTP server's reply code (e.g. 550, 452), or -1 if the refusal was not an SMTP reply. */
    public int replyCode() {
        return replyCode;
    }

    /** The SMTP server's enhanced status code (e.g. {@code 5.1.1}), or null if it sent none. */
    public String enhancedStatusCode() {
        return enhancedStatusCode;
    }

    /** The IMAP or POP3 response code (e.g. {@code TRYCREATE}, {@code OVERQUOTA}), or null if the server sent none. */
    public String responseCode() {
        return responseCode;
    }

    /**
     * Whether the same operation may succeed later: an SMTP 4xx reply (or 4.x.x status), or a
     * response code that says so ({@code UNAVAILABLE}, {@code INUSE}, POP3's {@code IN-USE} and
     * {@code SYS/TEMP}). A 5xx reply and every other refusal are permanent: retrying will not help.
     */
    public boolean isTransient() {
        return replyCode >= 400 && replyCode < 500
                || enhancedStatusCode != null && enhancedStatusCode.startsWith("4.")
                || responseCode != null && TRANSIENT_RESPONSE_CODES.contains(responseCode);
    }
}
