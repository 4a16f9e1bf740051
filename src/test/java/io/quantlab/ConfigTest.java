package io.quantlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void theTrainingWarmUpIsOnUnlessTurnedOff() {
        assertTrue(Config.from(Map.of()).trainingWarmUp());
        assertTrue(Config.from(Map.of("QUANTLAB_TRAINING_WARMUP", " On ")).trainingWarmUp());
        assertFalse(Config.from(Map.of("QUANTLAB_TRAINING_WARMUP", "false")).trainingWarmUp());
        assertFalse(Config.from(Map.of("QUANTLAB_TRAINING_WARMUP", "0")).trainingWarmUp());
    }

    @Test
    void aSettingThatIsNotUnderstoodIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("QUANTLAB_TRAINING_WARMUP", "maybe")));
        assertEquals("QUANTLAB_TRAINING_WARMUP must be true or false, got 'maybe'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("QUANTLAB_WORKERS", "two")));
        assertEquals("QUANTLAB_WORKERS must be a whole number, got 'two'", e.getMessage());
    }

    @Test
    void secureCookiesAndTrustedProxiesAreOffUnlessSet() {
        Config plain = Config.from(Map.of());
        assertFalse(plain.secureCookies());
        assertEquals(java.util.Set.of(), plain.trustedProxies());
        Config https = Config.from(Map.of("QUANTLAB_SECURE_COOKIES", "true",
                "QUANTLAB_TRUSTED_PROXIES", " 10.0.0.2, ,::1 "));
        assertTrue(https.secureCookies());
        assertEquals(java.util.Set.of("10.0.0.2", "::1"), https.trustedProxies());
    }

    @Test
    void bodiesInFlightHaveBudgetsThatAlwaysLetTheLargestBodyThrough() {
        Config defaults = Config.from(Map.of());
        assertEquals(256L * 1024 * 1024, defaults.bodiesInFlightBytes());
        assertEquals(64L * 1024 * 1024, defaults.bodiesInFlightPerUserBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("QUANTLAB_BODIES_IN_FLIGHT_PER_USER_MB", "16")));
        assertEquals("QUANTLAB_BODIES_IN_FLIGHT_PER_USER_MB must be between 32 and 256, got 16", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of(
                "QUANTLAB_BODIES_IN_FLIGHT_MB", "64", "QUANTLAB_BODIES_IN_FLIGHT_PER_USER_MB", "100")));
        assertEquals("QUANTLAB_BODIES_IN_FLIGHT_PER_USER_MB must be between 32 and 64, got 100", e.getMessage());
    }
}
