package io.emailra.api;

import java.time.Instant;

/**
 * What {@link ImapClient#search(SearchQuery)} looks for: every criterion set must match. Built from
 * {@link #all()} with the {@code with…} methods; null means "any".
 *
 * @param subjectContains text the subject contains, ignoring case
 * @param fromContains    text the From header contains, ignoring case
 * @param unseenOnly      only messages without the SEEN flag
 * @param since           received on or after this day (IMAP compares dates, not times)
 * @param before          received before this day
 */
public record SearchQuery(String subjectContains, String fromContains, boolean unseenOnly,
                          Instant since, Instant before) {

    private static final SearchQuery ALL = new SearchQuery(null, null, false, null, null);

    /** Matches every message. */
    public static SearchQuery all() {
        return ALL;
    }

    public SearchQuery withSubject(String text) {
        return new SearchQuery(text, fromContains, unseenOnly, since, before);
    }

    public SearchQuery withFrom(String text) {
        return new SearchQuery(subjectContains, text, unseenOnly, since, before);
    }

    public SearchQuery withUnseenOnly() {
        return new SearchQuery(subjectContains, fromContains, true, since, before);
    }

    public SearchQuery withSince(Instant day) {
        return new SearchQuery(subjectContains, fromContains, unseenOnly, day, before);
    }

    public SearchQuery withBefore(Instant day) {
        return new SearchQuery(subjectContains, fromContains, unseenOnly, since, day);
    }
}
