package io.emailra.api;

import java.util.List;

/**
 * One part of a message's MIME structure ({@link ImapClient#fetchStructure(long)}), as the server
 * describes it (IMAP {@code BODYSTRUCTURE}), without its content.
 *
 * @param partId      the IMAP part number ({@code "1"}, {@code "2.1"}) to give
 *                    {@link ImapClient#fetchPart(long, String, java.io.OutputStream)}; {@code ""}
 *                    for the root of a multipart message
 * @param contentType the media type in lower case, e.g. {@code text/plain}, {@code multipart/mixed}
 * @param fileName    the file name (Content-Disposition's {@code filename}, else Content-Type's
 *                    {@code name}), or null
 * @param size        the size in bytes of the part's content as it is sent (transfer-encoded, e.g.
 *                    base64), or -1 for a multipart
 * @param disposition {@code inline} or {@code attachment} as the message says, or null
 * @param encoding    the Content-Transfer-Encoding in lower case ({@code 7bit}, {@code base64}, ...),
 *                    or null for a multipart
 * @param parts       the parts of a multipart, in order; empty otherwise
 */
public record MessagePart(String partId, String contentType, String fileName, long size, String disposition,
                          String encoding, List<MessagePart> parts) {

    public MessagePart {
        parts = List.copyOf(parts);
    }

    /** Whether this is a multipart, whose content is its {@link #parts()}. */
    public boolean isMultipart() {
        return contentType.startsWith("multipart/");
    }
}
