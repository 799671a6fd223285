package io.signingsync.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What an Android keystore upload needs besides the file: the store password, the alias of the
 * signing key and that key's password. Bitrise stores them with the keystore and hands them to
 * builds; all three are secrets.
 */
public record KeystoreCredentials(Secret password, Secret alias, Secret privateKeyPassword) {

    public static KeystoreCredentials none() {
        return new KeystoreCredentials(Secret.empty(), Secret.empty(), Secret.empty());
    }

    /** Returns the input keys that are empty, in the order a message lists them. */
    public List<String> missingInputs() {
        List<String> missing = new ArrayList<>();
        if (password.isEmpty()) {
            missing.add("keystore_password");
        }
        if (alias.isEmpty()) {
            missing.add("keystore_alias");
        }
        if (privateKeyPassword.isEmpty()) {
            missing.add("keystore_private_key_password");
        }
        return missing;
    }
}
