package io.emailra.ra.physical.imap;

import io.emailra.api.MessagePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A message's {@code BODYSTRUCTURE} as {@link MessagePart}s, numbered as IMAP numbers parts. */
final class ImapStructure {

    private ImapStructure() {
    }

    /** The root part: id "" for a multipart message, "1" for a message of one part (RFC 9051 §6.4.5). */
    static MessagePart of(BODYSTRUCTURE root) {
        return part(root, root.isMulti() ? "" : "1");
    }

    /** The part with this id, if the structure has one. */
    static Optional<MessagePart> find(MessagePart part, String partId) {
        if (part.partId().equals(partId)) {
            return Optional.of(part);
        }
        for (MessagePart child : part.parts()) {
            Optional<MessagePart> found = find(child, partId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static MessagePart part(BODYSTRUCTURE body, String id) {
        String type = lower(body.type) + "/" + lower(body.subtype);
        if (body.isMulti()) {
            List<MessagePart> parts = new ArrayList<>();
            for (int i = 0; i < body.bodies.length; i++) {
                parts.add(part(body.bodies[i], (id.isEmpty() ? "" : id + ".") + (i + 1)));
            }
            return new MessagePart(id, type, null, -1, null, null, parts);
        }
        return new MessagePart(id, type, fileName(body), body.size, body.disposition == null ? null : lower(body.disposition),
                body.encoding == null ? "7bit" : lower(body.encoding), List.of());
    }

    private static String fileName(BODYSTRUCTURE body) {
        String name = parameter(body.dParams, "filename");
        if (name == null) {
            name = parameter(body.cParams, "name");
        }
        if (name == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(name); // encoded words, which some mailers put in names
        } catch (UnsupportedEncodingException e) {
            return name;
        }
    }

    private static String parameter(ParameterList parameters, String name) {
        return parameters == null ? null : parameters.get(name);
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
