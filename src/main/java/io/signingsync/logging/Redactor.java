package io.signingsync.logging;

import io.signingsync.api.PresignedUrl;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Removes secrets from text on its way out: every registered secret value, and the values of the
 * query parameters that carry a pre-signed URL's signature and credential scope. It is the last
 * line of defence; the code above it never puts these values into messages to begin with.
 */
public final class Redactor {

    static final String MASK = "*****";

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    /** Registers a secret; values shorter than 3 characters are ignored, as masking them would garble every line. */
    public void addSecret(String secret) {
        if (secret != null && secret.strip().length() >= 3) {
            secrets.add(secret);
            String stripped = secret.strip();
            if (!stripped.equals(secret)) {
                secrets.add(stripped);
            }
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
