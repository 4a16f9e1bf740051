package io.quantlab.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The waits between sign-in tries, on a clock the test moves. */
class SignInThrottleTest {
    private Instant now = Instant.parse("2026-01-01T09:00:00Z");
    private final SignInThrottle throttle = new SignInThrottle(() -> now);

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(account, address);
        }
    }

    private Optional<Duration> waitFor(String account, String address) {
        return throttle.waitBefore(account, address);
    }

    @Test
    void fiveFreeFailuresThenWaitsDoubleUpToFifteenMinutes() {
        fail("ann@x.org", "10.0.0.1", 4);
        assertEquals(Optional.empty(), waitFor("ann@x.org", "10.0.0.1"));
        fail("ann@x.org", "10.0.0.1", 1);
        assertEquals(Optional.of(Duration.ofSeconds(1)), waitFor("ann@x.org", "10.0.0.1"));
        fail("ann@x.org", "10.0.0.1", 1);
        assertEquals(Optional.of(Duration.ofSeconds(2)), waitFor("ann@x.org", "10.0.0.1"));
        fail("ann@x.org", "10.0.0.1", 3);
        assertEquals(Optional.of(Duration.ofSeconds(16)), waitFor("ann@x.org", "10.0.0.1"));
        fail("ann@x.org", "10.0.0.1", 50);
        assertEquals(Optional.of(Duration.ofMinutes(15)), waitFor("ann@x.org", "10.0.0.1"), "never longer");

        now = now.plus(Duration.ofMinutes(10));
        assertEquals(Optional.of(Duration.ofMinutes(5)), waitFor("ann@x.org", "10.0.0.1"));
        now = now.plus(Duration.ofMinutes(5));
        assertEquals(Optional.empty(), waitFor("ann@x.org", "10.0.0.1"), "the wait ends by itself");
        fail("ann@x.org", "10.0.0.1", 1);
        assertEquals(Optional.of(Duration.ofMinutes(15)), waitFor("ann@x.org", "10.0.0.1"),
                "within a day the count goes on");
        now = now.plus(Duration.ofDays(1));
        fail("ann@x.org", "10.0.0.1", 1);
        assertEquals(Optional.empty(), waitFor("ann@x.org", "10.0.0.1"), "after a quiet day it starts over");
    }

    @Test
    void aSuccessClearsTheAccountsWaits() {
        fail("ann@x.org", "10.0.0.1", 7);
        now = now.plus(Duration.ofSeconds(4));
        assertEquals(Optional.empty(), waitFor("ann@x.org", "10.0.0.1"));
        throttle.succeeded("ann@x.org", "10.0.0.1");
        fail("ann@x.org", "10.0.0.1", 4);
        assertEquals(Optional.empty(), waitFor("ann@x.org", "10.0.0.1"));
    }

    @Test
    void oneAddressSprayingManyAccountsIsSlowedAfterTwentyFailures() {
        for (int i = 0; i < 20; i++) {
            fail("user" + i + "@x.org", "10.0.0.9", 1);
        }
        assertEquals(Optional.of(Duration.ofSeconds(1)), waitFor("someone-else@x.org", "10.0.0.9"));
        assertEquals(Optional.empty(), waitFor("someone-else@x.org", "10.0.0.10"), "other addresses are not");
        now = now.plus(Duration.ofHours(1));
        assertEquals(Optional.empty(), waitFor("someone-else@x.org", "10.0.0.9"));
    }

    @Test
    void aClassBehindOneAddressEarnsTwoFreeFailuresPerStudentSignedInWithinTheHour() {
        for (int i = 0; i < 30; i++) {
            throttle.succeeded("student" + i + "@x.org", "10.0.0.7");
        }
        throttle.succeeded("student0@x.org", "10.0.0.7"); // signing in again earns nothing more
        for (int i = 0; i < 79; i++) {
            fail("typo" + i + "@x.org", "10.0.0.7", 1);
        }
        assertEquals(Optional.empty(), waitFor("student5@x.org", "10.0.0.7"), "20 + 2 x 30 free typos, 79 made");
        fail("typo79@x.org", "10.0.0.7", 1);
        assertEquals(Optional.of(Duration.ofSeconds(1)), waitFor("student5@x.org", "10.0.0.7"), "the 80th waits");

        fail("sprayer@x.org", "10.0.0.8", 20);
        assertEquals(Optional.of(Duration.ofSeconds(1)), waitFor("student5@x.org", "10.0.0.8"),
                "an address nobody signed in from earned nothing");
    }

    @Test
    void manyAddressesGuessingOneAccountAreSlowedButNotItsOwnersKnownAddress() {
        throttle.succeeded("ann@x.org", "10.0.0.1"); // Ann's own machine
        for (int i = 0; i < 25; i++) {
            fail("ann@x.org", "192.0.2." + i, 1);
        }
        assertEquals(Optional.of(Duration.ofSeconds(32)), waitFor("ann@x.org", "192.0.2.200"));
        assertEquals(Optional.empty(), waitFor("ann@x.org", "10.0.0.1"), "the owner's address skips that wait");
        fail("ann@x.org", "192.0.2.1", 40);
        assertEquals(Optional.of(Duration.ofMinutes(1)), waitFor("ann@x.org", "192.0.2.200"), "at most a minute");
    }

    @Test
    void aFailureStampedJustAfterThisRequestReadTheClockIsNoWaitWhileFailuresAreFree() {
        // Two requests at once (ClassroomUnderLoadTest): a wrong join code is stamped at 09:00:00.005
        // while a valid registration from the same address read the clock at 09:00:00.000
        Instant read = now;
        now = read.plusMillis(5);
        fail("join-code 10.0.0.1", "10.0.0.1", 3);
        now = read;
        assertEquals(Optional.empty(), waitFor("join-code 10.0.0.1", "10.0.0.1"), "3 of 5 free failures");
        now = read.plusMillis(5);
        fail("join-code 10.0.0.1", "10.0.0.1", 2);
        now = read;
        assertEquals(Optional.of(Duration.ofSeconds(1)), waitFor("join-code 10.0.0.1", "10.0.0.1"),
                "past the free ones, never longer than the rule's wait");
    }
}
