package io.signingsync.logging;

import io.signingsync.api.PresignedUrl;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Removes secrets from text on its way out: every registered secret value, and the values of the
 * query parameters that carry a pre-signed URL's signature and credential scope. It is the last
 * line of defence; the code above it never puts these values into messages to begin with.
 */
public final class Redactor {

    static final String MASK = "*****";

    /** Secrets ordered by length, longer first, so a secret that contains another is masked whole. */
    private final Set<String> secrets = new ConcurrentSkipListSet<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    /**
     * Registers a secret. Values shorter than 3 characters are ignored, because masking them would
     * garble every line. The forms the secret takes in JSON or a quoted message ({@code \\} and
     * {@code \"}) and in a GitHub workflow command ({@code %25}) are registered too.
     */
    public void addSecret(String secret) {
        if (secret == null || secret.strip().length() < 3) {
            return;
        }
        for (String form : List.of(secret, secret.strip())) {
            secrets.add(form);
            secrets.add(form.replace("\\", "\\\\").replace("\"", "\\\""));
            secrets.add(form.replace("%", "%25"));
        }
    }

    public String redact(String text) {
        String result = PresignedUrl.maskSecretParameters(text);
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
