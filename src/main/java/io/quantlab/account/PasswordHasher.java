package io.quantlab.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 with 310,000 iterations (OWASP Password Storage Cheat Sheet, 2023).
 * Stored as {@code pbkdf2-sha256$iterations$salt$hash}, so the count can grow later.
 */
public final class PasswordHasher {
    static final int ITERATIONS = 310_000;
    private static final int HASH_BITS = 256;
    /** Key derivations so far, so a test can check that sign-in work does not depend on the account. */
    private static final AtomicLong DERIVATIONS = new AtomicLong();

    private PasswordHasher() {
    }

    public static String hash(String password) {
        byte[] salt = Secrets.randomBytes(16);
        byte[] hash = pbkdf2(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    public static boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = pbkdf2(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    static long derivations() {
        return DERIVATIONS.get();
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        DERIVATIONS.incrementAndGet();
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }
}
