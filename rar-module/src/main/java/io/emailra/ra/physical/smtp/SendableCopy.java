package io.emailra.ra.physical.smtp;

import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.util.Enumeration;

/**
 * The application's message copied for sending. Writing a message runs {@code saveChanges()} on it,
 * which rewrites its headers and those of its parts (MIME-Version, Content-Type,
 * Content-Transfer-Encoding, Message-ID); on this copy instead, so that sending leaves the
 * application's message as it was but for the Message-ID it was sent with (one it set itself is kept
 * and sent, not replaced as {@code saveChanges()} would). The structure is copied
 * (headers, multiparts, body parts); the leaves' content is shared, only read.
 */
final class SendableCopy {

    private SendableCopy() {
    }

    /** The copy, or null if the message holds parts emailra cannot copy (not MIME body parts). */
    static MimeMessage of(MimeMessage original, Session session) throws MessagingException, IOException {
        MimeMessage copy = new MimeMessage(session) {
            /** A Message-ID the application gave is the one sent (Jakarta Mail would replace it). */
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        copyHeaders(original.getAllHeaders(), copy);
        return copyContent(original, copy) ? copy : null;
    }

    /**
     * The part's content: a multipart copied, anything else shared. Whether it is a multipart is
     * asked of the data handler: before {@code saveChanges()} a part given a multipart with
     * {@code setContent} has no Content-Type header yet.
     */
    private static boolean copyContent(Part original, Part copy) throws MessagingException, IOException {
        DataHandler handler = original.getDataHandler();
        if (handler.getContentType() == null || !new ContentType(handler.getContentType()).match("multipart/*")) {
            copy.setDataHandler(handler);
            return true;
        }
        if (!(handler.getContent() instanceof MimeMultipart multipart)) {
            return false;
        }
        MimeMultipart copied = new MimeMultipart(new ContentType(multipart.getContentType()).getSubType());
        copied.setPreamble(multipart.getPreamble());
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (!(part instanceof MimeBodyPart mime)) {
                return false;
            }
            MimeBodyPart partCopy = new MimeBodyPart();
            copyHeaders(mime.getAllHeaders(), partCopy);
            if (!copyContent(mime, partCopy)) {
                return false;
            }
            copied.addBodyPart(partCopy);
        }
        copy.setDataHandler(new DataHandler(copied, copied.getContentType()));
        return true;
    }

    private static void copyHeaders(Enumeration<Header> headers, Part copy) throws MessagingException {
        while (headers.hasMoreElements()) {
            Header header = headers.nextElement();
            copy.addHeader(header.getName(), header.getValue());
        }
    }
}
