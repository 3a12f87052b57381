package io.emailra.ra.inbound;

import io.emailra.api.MessageFlag;
import io.emailra.api.SearchQuery;
import io.emailra.ra.config.ConfigException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which messages an activation delivers: the {@code filter} property, {@code ALL} or conditions joined
 * by {@code &&} — {@code UNSEEN} (IMAP only), {@code SUBJECT:<text>}, {@code FROM:<text>},
 * {@code HEADER:<name>:<text>}, each true when the field contains the text, ignoring case (as IMAP
 * SEARCH does). IMAP asks the server (one search); POP3 looks at the message. Others are left alone.
 */
public record InboundFilter(List<Condition> conditions) {

    static final String VALID = "ALL, or conditions joined by && — UNSEEN (IMAP only), SUBJECT:<text>, FROM:<text>,"
            + " HEADER:<name>:<text>";

    /** One condition: the field (Subject, From, or a header's name) and the text it contains; UNSEEN has no text. */
    record Condition(String field, String text) {
    }

    static final InboundFilter ALL = new InboundFilter(List.of());

    static InboundFilter parse(String owner, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(owner, "filter", value, VALID);
        }
        if (value.strip().equalsIgnoreCase("ALL")) {
            return ALL;
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : value.split("&&", -1)) {
            String condition = part.strip();
            int colon = condition.indexOf(':');
            String kind = (colon < 0 ? condition : condition.substring(0, colon)).strip().toUpperCase(Locale.ROOT);
            String rest = colon < 0 ? null : condition.substring(colon + 1);
            Condition parsed = switch (kind) {
                case "UNSEEN" -> rest == null ? new Condition("UNSEEN", null) : null;
                case "SUBJECT" -> text(rest) ? new Condition("Subject", rest.strip()) : null;
                case "FROM" -> text(rest) ? new Condition("From", rest.strip()) : null;
                case "HEADER" -> header(rest);
                default -> null;
            };
            if (parsed == null) {
                throw new ConfigException(owner, "filter", value, VALID);
            }
            conditions.add(parsed);
        }
        return new InboundFilter(List.copyOf(conditions));
    }

    private static boolean text(String text) {
        return text != null && !text.isBlank() && text.chars().noneMatch(Character::isISOControl);
    }

    private static Condition header(String rest) {
        int colon = rest == null ? -1 : rest.indexOf(':');
        if (colon < 1 || !rest.substring(0, colon).strip().matches("[\\x21-\\x39\\x3B-\\x7E]+")) {
            return null;
        }
        String text = rest.substring(colon + 1);
        return text(text) ? new Condition(rest.substring(0, colon).strip(), text.strip()) : null;
    }

    /** Whether a condition needs IMAP (UNSEEN: POP3 has no flags). */
    boolean needsImap() {
        return conditions.stream().anyMatch(condition -> condition.text() == null);
    }

    /** The conditions as an IMAP search, added to the query. */
    SearchQuery and(SearchQuery query) {
        SearchQuery all = query;
        for (Condition condition : conditions) {
            all = all.and(condition.text() == null ? SearchQuery.not(SearchQuery.hasFlag(MessageFlag.SEEN))
                    : switch (condition.field()) {
                        case "Subject" -> SearchQuery.subject(condition.text());
                        case "From" -> SearchQuery.from(condition.text());
                        default -> SearchQuery.header(condition.field(), condition.text());
                    });
        }
        return all;
    }

    /** Whether the message meets every condition (UNSEEN aside: POP3 has no flags, refused at activation). */
    boolean matches(MimeMessage message) throws MessagingException {
        for (Condition condition : conditions) {
            if (condition.text() == null) {
                continue;
            }
            String[] values = message.getHeader(condition.field());
            boolean found = false;
            for (String raw : values == null ? new String[0] : values) {
                found |= decoded(raw).toLowerCase(Locale.ROOT).contains(condition.text().toLowerCase(Locale.ROOT));
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static String decoded(String raw) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(raw));
        } catch (UnsupportedEncodingException e) {
            return raw;
        }
    }
}
