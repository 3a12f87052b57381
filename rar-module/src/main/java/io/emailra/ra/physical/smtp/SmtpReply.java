package io.emailra.ra.physical.smtp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP reply (RFC 5321 §4.2): its code and its text, the lines of a multi-line reply joined
 * with a line feed.
 */
record SmtpReply(int code, String text) {

    boolean positive() {
        return code / 100 == 2;
    }

    /**
     * Reads a whole reply.
     *
     * @throws EOFException if the connection ends first
     * @throws IOException  if it is not an SMTP reply, or a line is longer than {@code maxLine}
     */
    static SmtpReply read(InputStream in, int maxLine) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = line(in, maxLine);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' '
                    && line.charAt(3) != '-')) {
                throw new IOException("not an SMTP reply: " + line);
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(Integer.parseInt(line.substring(0, 3)), text.toString());
            }
        }
    }

    private static String line(InputStream in, int maxLine) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the SMTP server closed the connection");
            }
            if (line.size() == maxLine) {
                throw new IOException("an SMTP reply line longer than " + maxLine + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
