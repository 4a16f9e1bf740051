package io.quantlab.account;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down, per account and per client address, with waits that double after a
 * few free failures and end on their own (never a lock that needs an administrator):
 * <ul>
 * <li>one account from one address: 5 free failures, then 1 s, 2 s, 4 s … up to 15 min between
 * tries; a success clears it, a day without failures forgets it;</li>
 * <li>one address, any accounts (password spraying): 20 free failures, plus 2 for each account
 * that signed in from it within the hour (up to 100 accounts: a classroom behind one NAT address
 * mistypes in proportion to its size, a sprayer has no accounts to show), then the same doubling;
 * forgotten an hour after its last failure;</li>
 * <li>one account, any addresses (guessing from many machines): 20 free failures, then doubling
 * up to 1 min; a success clears it. Addresses that signed in to the account before skip this
 * wait, so a stranger's failures alone cannot keep its owner out.</li>
 * </ul>
 * State lives in this process's memory: a restart forgets it, and each web process counts on its own.
 */
public final class SignInThrottle {
    static final Rule PAIR = new Rule("pair", 5, Duration.ofMinutes(15), Duration.ofDays(1));
    static final Rule ADDRESS = new Rule("address", 20, Duration.ofMinutes(15), Duration.ofHours(1));
    static final Rule ACCOUNT = new Rule("account", 20, Duration.ofMinutes(1), Duration.ofDays(1));
    /** Beyond this many remembered keys, forgotten ones are dropped (an attacker inventing addresses or e-mails). */
    private static final int PRUNE_ABOVE = 50_000;
    private static final int KNOWN_ADDRESSES_PER_ACCOUNT = 20;
    private static final int FREE_FAILURES_PER_ACCOUNT_SIGNED_IN = 2;
    private static final int ACCOUNTS_COUNTED_PER_ADDRESS = 100;

    /** Free failures, then waits of 1 s doubling up to {@code maxWait}; all forgotten {@code forgetAfter} the last. */
    record Rule(String name, int freeFailures, Duration maxWait, Duration forgetAfter) {
        Duration waitAfter(int failures, int extraFree) {
            int free = freeFailures + extraFree;
            if (failures < free) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - free, 30);
            Duration wait = Duration.ofSeconds(1L << doublings);
            return wait.compareTo(maxWait) > 0 ? maxWait : wait;
        }
    }

    private record Key(Rule rule, String who) {
    }

    private record Failures(int count, Instant last) {
        boolean forgotten(Rule rule, Instant now) {
            return !last.plus(rule.forgetAfter()).isAfter(now);
        }
    }

    private final InstantSource clock;
    private final Map<Key, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> knownAddresses = new ConcurrentHashMap<>();
    /** Per address, the accounts that signed in from it and when they last did. */
    private final Map<String, Map<String, Instant>> signedInFrom = new ConcurrentHashMap<>();

    public SignInThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long {@code address} must wait before trying {@code account} again; empty when it may now. */
    public Optional<Duration> waitBefore(String account, String address) {
        Instant now = clock.instant();
        Duration wait = remaining(pair(account, address), now);
        wait = longer(wait, remaining(new Key(ADDRESS, address), now));
        if (!knownAddresses.getOrDefault(account, Set.of()).contains(address)) {
            wait = longer(wait, remaining(new Key(ACCOUNT, account), now));
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String account, String address) {
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            failures.entrySet().removeIf(e -> e.getValue().forgotten(e.getKey().rule(), now));
        }
        for (Key key : new Key[] {pair(account, address), new Key(ADDRESS, address), new Key(ACCOUNT, account)}) {
            failures.merge(key, new Failures(1, now), (old, one) -> new Failures(
                    old.forgotten(key.rule(), now) ? 1 : old.count() + 1, now));
        }
    }

    public void succeeded(String account, String address) {
        failures.remove(pair(account, address));
        failures.remove(new Key(ACCOUNT, account));
        Set<String> known = knownAddresses.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet());
        if (known.size() >= KNOWN_ADDRESSES_PER_ACCOUNT) {
            known.clear();
        }
        known.add(address);
        Instant now = clock.instant();
        Map<String, Instant> accounts = signedInFrom.computeIfAbsent(address, a -> new ConcurrentHashMap<>());
        if (accounts.size() >= ACCOUNTS_COUNTED_PER_ADDRESS && !accounts.containsKey(account)) {
            accounts.values().removeIf(last -> !withinTheAddressHour(last, now));
        }
        if (accounts.size() < ACCOUNTS_COUNTED_PER_ADDRESS || accounts.containsKey(account)) {
            accounts.put(account, now);
        }
    }

    /** Free failures the address earned: 2 per account that signed in from it within the address rule's hour. */
    private int earnedFreeFailures(Key key, Instant now) {
        if (key.rule() != ADDRESS) {
            return 0;
        }
        long recent = signedInFrom.getOrDefault(key.who(), Map.of()).values().stream()
                .filter(last -> withinTheAddressHour(last, now)).count();
        return (int) recent * FREE_FAILURES_PER_ACCOUNT_SIGNED_IN;
    }

    private static boolean withinTheAddressHour(Instant signedIn, Instant now) {
        return signedIn.plus(ADDRESS.forgetAfter()).isAfter(now);
    }

    private Duration remaining(Key key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.forgotten(key.rule(), now)) {
            return Duration.ZERO;
        }
        // A concurrent request may have stamped its failure after this one read the clock (last > now):
        // the wait is at most the rule's, and none while failures are still free
        Duration wait = key.rule().waitAfter(f.count(), earnedFreeFailures(key, now));
        Duration left = Duration.between(now, f.last().plus(wait));
        return left.isNegative() ? Duration.ZERO : left.compareTo(wait) > 0 ? wait : left;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Key pair(String account, String address) {
        return new Key(PAIR, account + " " + address);
    }
}
