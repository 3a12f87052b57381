package io.emailra.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ImapClient#search(SearchQuery)} and {@link ImapClient#searchUids(SearchQuery)} look
 * for, run by the server (IMAP {@code UID SEARCH}). Built from the static methods and combined with
 * {@link #and}, {@link #or} and {@link #not}:
 *
 * <pre>{@code
 * SearchQuery.from("billing@example.com")
 *         .and(SearchQuery.receivedSince(LocalDate.now().minusDays(7)))
 *         .and(SearchQuery.not(SearchQuery.hasFlag(MessageFlag.SEEN)))
 * }</pre>
 *
 * <p>Text criteria match a substring, ignoring case (as IMAP servers compare); dates are days, as
 * IMAP compares them, in the server's time zone for received dates. Each factory refuses a value
 * that cannot be searched for (null, blank where it matters, line breaks and other control
 * characters, more than {@value #MAX_TEXT_LENGTH} characters, a negative size, a UID range out of
 * order) with an {@link IllegalArgumentException} naming it, before anything is sent.
 */
public sealed interface SearchQuery {

    /** The longest text a criterion may hold: longer ones are refused rather than sent. */
    int MAX_TEXT_LENGTH = 4_000;

    /** Which header a {@link Text} criterion looks in; {@code BODY} is the message's text. */
    enum Field { SUBJECT, FROM, TO, CC, BODY }

    /** Which date a {@link Day} criterion compares: the Date header, or when the server received the message. */
    enum DateField { SENT, RECEIVED }

    /** How a {@link Day} criterion compares. */
    enum Comparison { ON, BEFORE, SINCE }

    /** Every message. */
    static SearchQuery all() {
        return All.INSTANCE;
    }

    static SearchQuery subject(String text) {
        return new Text(Field.SUBJECT, text);
    }

    static SearchQuery from(String text) {
        return new Text(Field.FROM, text);
    }

    static SearchQuery to(String text) {
        return new Text(Field.TO, text);
    }

    static SearchQuery cc(String text) {
        return new Text(Field.CC, text);
    }

    static SearchQuery body(String text) {
        return new Text(Field.BODY, text);
    }

    /** Messages with this header whose value contains the text ("" matches any message that has the header). */
    static SearchQuery header(String name, String text) {
        return new Header(name, text);
    }

    /** Messages larger than this many bytes. */
    static SearchQuery larger(long bytes) {
        return new Size(true, bytes);
    }

    /** Messages smaller than this many bytes. */
    static SearchQuery smaller(long bytes) {
        return new Size(false, bytes);
    }

    /** Messages with this system flag set; {@code not(hasFlag(SEEN))} finds unread ones. */
    static SearchQuery hasFlag(MessageFlag flag) {
        return new Flag(flag);
    }

    /** Messages with this custom keyword (an IMAP atom, e.g. {@code $Forwarded} or {@code invoiced}). */
    static SearchQuery keyword(String keyword) {
        return new Keyword(keyword);
    }

    /** Messages whose UID is in {@code first..last}, both included. */
    static SearchQuery uids(long first, long last) {
        return new UidRange(first, last);
    }

    static SearchQuery sentOn(LocalDate day) {
        return new Day(DateField.SENT, Comparison.ON, day);
    }

    static SearchQuery sentBefore(LocalDate day) {
        return new Day(DateField.SENT, Comparison.BEFORE, day);
    }

    static SearchQuery sentSince(LocalDate day) {
        return new Day(DateField.SENT, Comparison.SINCE, day);
    }

    static SearchQuery receivedOn(LocalDate day) {
        return new Day(DateField.RECEIVED, Comparison.ON, day);
    }

    static SearchQuery receivedBefore(LocalDate day) {
        return new Day(DateField.RECEIVED, Comparison.BEFORE, day);
    }

    static SearchQuery receivedSince(LocalDate day) {
        return new Day(DateField.RECEIVED, Comparison.SINCE, day);
    }

    /** Messages that do not match the query. */
    static SearchQuery not(SearchQuery query) {
        return new Not(query);
    }

    /** Messages matching this query and the other. */
    default SearchQuery and(SearchQuery other) {
        Objects.requireNonNull(other, "the query to combine with");
        if (this instanceof All) {
            return other;
        }
        if (other instanceof All) {
            return this;
        }
        List<SearchQuery> parts = new ArrayList<>();
        for (SearchQuery query : List.of(this, other)) {
            if (query instanceof And and) {
                parts.addAll(and.queries());
            } else {
                parts.add(query);
            }
        }
        return new And(parts);
    }

    /** Messages matching this query or the other. */
    default SearchQuery or(SearchQuery other) {
        Objects.requireNonNull(other, "the query to combine with");
        return new Or(this, other);
    }

    /** Same as {@code and(subject(text))}. */
    default SearchQuery withSubject(String text) {
        return and(subject(text));
    }

    /** Same as {@code and(from(text))}. */
    default SearchQuery withFrom(String text) {
        return and(from(text));
    }

    /** Same as {@code and(not(hasFlag(SEEN)))}. */
    default SearchQuery withUnseenOnly() {
        return and(not(hasFlag(MessageFlag.SEEN)));
    }

    /** Every message. */
    enum All implements SearchQuery {
        INSTANCE
    }

    /** A header (or the body) containing the text. */
    record Text(Field field, String text) implements SearchQuery {
        public Text {
            Objects.requireNonNull(field, "field");
            text = Criteria.text(text, "the " + field.name().toLowerCase() + " text to search for");
        }
    }

    /** A header, by name, containing the text. */
    record Header(String name, String text) implements SearchQuery {
        public Header {
            name = Criteria.atom(name, "the header name to search in");
            text = Criteria.text(text, "the text to search for in header " + name);
        }
    }

    /** Larger ({@code larger} true) or smaller than this many bytes. */
    record Size(boolean larger, long bytes) implements SearchQuery {
        public Size {
            if (bytes < 0) {
                throw new IllegalArgumentException("the size to compare with must not be negative: " + bytes);
            }
        }
    }

    /** A system flag set. */
    record Flag(MessageFlag flag) implements SearchQuery {
        public Flag {
            Objects.requireNonNull(flag, "the flag to search for");
        }
    }

    /** A custom keyword set. */
    record Keyword(String keyword) implements SearchQuery {
        public Keyword {
            keyword = Criteria.keyword(keyword, "the keyword to search for");
        }
    }

    /** A UID in {@code first..last}. */
    record UidRange(long first, long last) implements SearchQuery {
        public UidRange {
            if (first < 1 || last < first || last > Criteria.MAX_UID) {
                throw new IllegalArgumentException("a UID range is first..last with 1 <= first <= last <= "
                        + Criteria.MAX_UID + ": " + first + ".." + last);
            }
        }
    }

    /** A date compared with a day. */
    record Day(DateField field, Comparison comparison, LocalDate day) implements SearchQuery {
        public Day {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(comparison, "comparison");
            Objects.requireNonNull(day, "the day to compare with");
        }
    }

    /** Every query of the list. */
    record And(List<SearchQuery> queries) implements SearchQuery {
        public And {
            queries = List.copyOf(queries);
        }
    }

    /** Either query. */
    record Or(SearchQuery left, SearchQuery right) implements SearchQuery {
        public Or {
            Objects.requireNonNull(left, "query");
            Objects.requireNonNull(right, "query");
        }
    }

    /** Not the query. */
    record Not(SearchQuery query) implements SearchQuery {
        public Not {
            Objects.requireNonNull(query, "the query to negate");
        }
    }
}
