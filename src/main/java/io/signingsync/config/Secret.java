package io.signingsync.config;

import java.util.Objects;

/**
 * A secret value: an API token or a certificate password. Its {@link #toString()} masks the
 * value, so printing a configuration or an object that holds a secret cannot leak it.
 */
public final class Secret {

    private static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    /** Returns the plain value; call it only where the value is sent or compared. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Returns {@code *****} for a set secret and {@code <empty>} for an empty one, never the value. */
    @Override
    public String toString() {
        return value.isEmpty() ? "<empty>" : "*****";
    }
}
