package io.signingsync.e2e.emulator;

import java.security.SecureRandom;

/** Generates 26-character uppercase ULID-style slugs like the ones Bitrise returns (01C6FA6P6HRQT5PQ8RMMVVXE6W). */
final class Slugs {
    private static final char[] CROCKFORD_BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Slugs() {
    }

    static String newSlug() {
        char[] slug = new char[26];
        long millis = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--) {
            slug[i] = CROCKFORD_BASE32[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 10; i < 26; i++) {
            slug[i] = CROCKFORD_BASE32[RANDOM.nextInt(32)];
        }
        return new String(slug);
    }
}
