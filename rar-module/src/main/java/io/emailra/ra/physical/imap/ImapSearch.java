package io.emailra.ra.physical.imap;

import io.emailra.api.SearchQuery;
import org.eclipse.angus.mail.iap.Argument;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A {@link SearchQuery} as the arguments of IMAP's {@code UID SEARCH} (RFC 9051 §6.4.4). */
final class ImapSearch {

    private static final DateTimeFormatter IMAP_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);

    private ImapSearch() {
    }

    static Argument arguments(SearchQuery query) {
        Argument arguments = new Argument();
        if (!isAscii(query)) {
            arguments.writeAtom("CHARSET").writeAtom("UTF-8");
        }
        if (query instanceof SearchQuery.And and) {
            and.queries().forEach(part -> write(arguments, part)); // keys side by side are a conjunction
        } else {
            write(arguments, query);
        }
        return arguments;
    }

    /** Writes one search key; a conjunction is one parenthesized key, so it can stand inside OR and NOT. */
    private static void write(Argument out, SearchQuery query) {
        if (query instanceof SearchQuery.All) {
            out.writeAtom("ALL");
        } else if (query instanceof SearchQuery.Text text) {
            out.writeAtom(text.field().name()).writeString(text.text(), StandardCharsets.UTF_8);
        } else if (query instanceof SearchQuery.Header header) {
            out.writeAtom("HEADER").writeString(header.name()).writeString(header.text(), StandardCharsets.UTF_8);
        } else if (query instanceof SearchQuery.Size size) {
            out.writeAtom(size.larger() ? "LARGER" : "SMALLER").writeNumber(size.bytes());
        } else if (query instanceof SearchQuery.Flag flag) {
            out.writeAtom(flag.flag().name());
        } else if (query instanceof SearchQuery.Keyword keyword) {
            out.writeAtom("KEYWORD").writeAtom(keyword.keyword());
        } else if (query instanceof SearchQuery.UidRange range) {
            out.writeAtom("UID").writeAtom(range.first() + ":" + range.last());
        } else if (query instanceof SearchQuery.Day day) {
            String prefix = day.field() == SearchQuery.DateField.SENT ? "SENT" : "";
            out.writeAtom(prefix + day.comparison().name()).writeAtom(IMAP_DATE.format(day.day()));
        } else if (query instanceof SearchQuery.And and) {
            Argument group = new Argument();
            and.queries().forEach(part -> write(group, part));
            out.writeArgument(group);
        } else if (query instanceof SearchQuery.Or or) {
            out.writeAtom("OR");
            write(out, or.left());
            write(out, or.right());
        } else if (query instanceof SearchQuery.Not not) {
            out.writeAtom("NOT");
            write(out, not.query());
        } else {
            throw new IllegalArgumentException("unknown search criterion: " + query);
        }
    }

    private static boolean isAscii(SearchQuery query) {
        if (query instanceof SearchQuery.Text text) {
            return isAscii(text.text());
        } else if (query instanceof SearchQuery.Header header) {
            return isAscii(header.text());
        } else if (query instanceof SearchQuery.And and) {
            return and.queries().stream().allMatch(ImapSearch::isAscii);
        } else if (query instanceof SearchQuery.Or or) {
            return isAscii(or.left()) && isAscii(or.right());
        } else if (query instanceof SearchQuery.Not not) {
            return isAscii(not.query());
        }
        return true;
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }
}
