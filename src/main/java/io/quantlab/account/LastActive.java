package io.quantlab.account;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each person last used QuantLab, for the course roster. Every request of a signed-in user
 * calls {@link #seen}; the database is written at most once a minute per person, so a page that
 * polls every second costs no writes.
 */
final class LastActive {
    static final Duration RESOLUTION = Duration.ofMinutes(1);
    private final UserStore users;
    private final InstantSource clock;
    private final Map<Long, Instant> written = new ConcurrentHashMap<>();

    LastActive(UserStore users, InstantSource clock) {
        this.users = users;
        this.clock = clock;
    }

    void seen(long userId) {
        Instant now = clock.instant();
        Instant last = written.get(userId);
        if (last != null && now.isBefore(last.plus(RESOLUTION))) {
            return;
        }
        if (written.size() > 100_000) {
            written.clear(); // at worst one extra write per person
        }
        written.put(userId, now);
        users.touch(userId, now);
    }
}
