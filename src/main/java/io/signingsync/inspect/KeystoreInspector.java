package io.signingsync.inspect;

import io.signingsync.config.KeystoreCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

/**
 * Checks, with the JDK, that an Android keystore (JKS or PKCS12) opens with the given store
 * password, contains a key under the alias, and that the key password recovers that key. Messages
 * name the input to fix and never contain a password or the alias.
 */
public final class KeystoreInspector {

    /** Returns the certificate of the alias' key. */
    public CertificateInfo inspect(Path file, KeystoreCredentials credentials) throws InspectionException {
        KeyStore store;
        try {
            // KeyStore.getInstance(File, char[]) detects JKS and PKCS12 by their content.
            store = KeyStore.getInstance(file.toFile(), credentials.password().reveal().toCharArray());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password")) {
                throw new InspectionException("keystore_password does not open it (wrong password); set the store"
                        + " password it was created with");
            }
            throw new InspectionException("cannot be read as a JKS or PKCS12 keystore (" + e.getClass().getSimpleName()
                    + "); check that it is a keystore", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InspectionException("cannot be read as a JKS or PKCS12 keystore (" + e.getClass().getSimpleName()
                    + "); check that it is a keystore", e);
        }
        try {
            String alias = credentials.alias().reveal();
            if (!store.isKeyEntry(alias)) {
                List<String> keys = Collections.list(store.aliases()).stream().filter(name -> isKey(store, name))
                        .toList();
                throw new InspectionException("has no key under keystore_alias; it holds " + keys.size()
                        + (keys.size() == 1 ? " key" : " keys") + ", so set keystore_alias to the alias your build"
                        + " signs with (keytool -list shows them)");
            }
            try {
                store.getKey(alias, credentials.privateKeyPassword().reveal().toCharArray());
            } catch (UnrecoverableKeyException e) {
                throw new InspectionException("keystore_private_key_password does not open the key under"
                        + " keystore_alias (wrong password); set the key password it was created with");
            }
            Certificate certificate = store.getCertificate(alias);
            if (!(certificate instanceof X509Certificate x509)) {
                throw new InspectionException("holds no X.509 certificate for the key under keystore_alias");
            }
            return CertificateInfo.of(x509);
        } catch (GeneralSecurityException e) {
            throw new InspectionException("cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
