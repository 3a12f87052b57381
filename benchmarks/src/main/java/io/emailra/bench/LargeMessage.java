package io.emailra.bench;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A large message as mail carries one: a line of text and an attachment of random bytes in base64,
 * 76 characters a line, of about the given number of MB in all. It is written straight into the
 * APPEND command as it is generated, so that appending it costs no heap: the JVM that appends it can
 * be the one whose heap is measured, however small.
 */
final class LargeMessage implements Literal {

    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int LINE = 76 + 2;
    private static final int BLOCK_LINES = 840;
    private static final String BOUNDARY = "emailra-large-message";

    private final int megabytes;
    private final byte[] head;
    private final byte[] tail = ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    private final int lines;

    LargeMessage(String owner, int megabytes) {
        this.megabytes = megabytes;
        this.head = String.join("\r\n",
                "From: " + owner,
                "To: " + owner,
                "Subject: emailra large message, " + megabytes + " MB",
                "Date: Sun, 22 Nov 2026 12:00:00 +0000",
                "Message-ID: <large-" + megabytes + "@emailra.test>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + "\"",
                "",
                "--" + BOUNDARY,
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "The attachment is " + megabytes + " MB of random bytes.",
                "--" + BOUNDARY,
                "Content-Type: application/octet-stream; name=\"large.bin\"",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment; filename=\"large.bin\"",
                "", "").getBytes(StandardCharsets.US_ASCII);
        this.lines = (int) (((long) megabytes << 20) / LINE);
    }

    int megabytes() {
        return megabytes;
    }

    /** Appends the message to the folder, which must exist, and returns its UID there. */
    long appendTo(IMAPStore store, String folderName) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
        AppendUID appended = (AppendUID) folder.doCommand(protocol -> protocol.appenduid(folderName, null, null, this));
        if (appended == null) {
            throw new IllegalStateException("the server did not return the UID of the appended message (no UIDPLUS)");
        }
        return appended.uid;
    }

    /** The size of the message in bytes, lines ending with CRLF: what the server reports as its RFC822.SIZE. */
    @Override
    public int size() {
        return head.length + lines * LINE + tail.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(head);
        SplittableRandom random = new SplittableRandom(megabytes);
        byte[] block = new byte[BLOCK_LINES * LINE];
        for (int written = 0; written < lines; ) {
            int count = Math.min(BLOCK_LINES, lines - written);
            for (int line = 0; line < count; line++) {
                int at = line * LINE;
                for (int i = 0; i < LINE - 2; i++) {
                    block[at + i] = BASE64[random.nextInt(BASE64.length)];
                }
                block[at + LINE - 2] = '\r';
                block[at + LINE - 1] = '\n';
            }
            out.write(block, 0, count * LINE);
            written += count;
        }
        out.write(tail);
    }
}
