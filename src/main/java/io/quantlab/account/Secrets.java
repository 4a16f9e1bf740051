package io.quantlab.account;

import io.quantlab.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (session ids, API tokens, CSRF tokens, passwords) and their stored hashes. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Secrets() {
    }

    /** 256 random bits, URL-safe. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A password a person can type: no 0/O or 1/l look-alikes. */
    public static String readablePassword(int length) {
        return randomFrom(PASSWORD_ALPHABET, length);
    }

    /** A course join code: short, upper case, unambiguous. */
    public static String joinCode() {
        return randomFrom("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8);
    }

    public static String sha256Hex(String secret) {
        return Sha256.hex(secret.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String randomFrom(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
