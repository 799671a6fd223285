package io.signingsync.inspect;

import io.signingsync.config.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Opens a .p12 build certificate with its password and reads its signing identities. The JDK's
 * PKCS12 reader comes first; Bouncy Castle's reads what the JDK cannot (some legacy and newer
 * encryption schemes). Messages never contain the password.
 */
public final class P12Inspector {

    private static final String WRONG_PASSWORD = "the password does not open it (PKCS12: wrong password); set the"
            + " password it was exported with in certificate_password, or for this file in certificate_passwords";

    public P12Info inspect(byte[] bytes, Secret password) throws InspectionException {
        if (bytes.length < 4 || (bytes[0] & 0xFF) != 0x30) {
            throw new InspectionException("is not a PKCS12 file (it does not start with a DER sequence; a base64"
                    + " text export must be decoded first, for example with base64 --decode)");
        }
        // The JDK's reader comes first. Whatever it reports, wrong password included, Bouncy Castle
        // gets a second try: the JDK 17 reader calls every non-ASCII password "incorrect".
        Exception jdkFailure;
        try {
            return read(load(bytes, password, null), password, "JDK");
        } catch (WrongPasswordException | IOException | GeneralSecurityException | RuntimeException e) {
            jdkFailure = e;
        }
        try {
            return read(load(bytes, password, BouncyCastle.PROVIDER), password, "Bouncy Castle");
        } catch (WrongPasswordException e) {
            throw new InspectionException(WRONG_PASSWORD);
        } catch (IOException | GeneralSecurityException | RuntimeException bcFailure) {
            if (jdkFailure instanceof WrongPasswordException) {
                throw new InspectionException(WRONG_PASSWORD);
            }
            throw new InspectionException("cannot be read as PKCS12 (" + describe(jdkFailure) + "); export it"
                    + " again as a .p12 with its private key", bcFailure);
        }
    }

    private static KeyStore load(byte[] bytes, Secret password, Provider provider)
            throws IOException, GeneralSecurityException, WrongPasswordException {
        KeyStore store = provider == null ? KeyStore.getInstance("PKCS12") : KeyStore.getInstance("PKCS12", provider);
        try {
            store.load(new ByteArrayInputStream(bytes), password.reveal().toCharArray());
            return store;
        } catch (IOException e) {
            if (isWrongPassword(e)) {
                throw new WrongPasswordException();
            }
            throw e;
        }
    }

    private static P12Info read(KeyStore store, Secret password, String reader)
            throws GeneralSecurityException, InspectionException, WrongPasswordException {
        List<CertificateInfo> identities = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isKeyEntry(alias)) {
                continue;
            }
            try {
                if (store.getKey(alias, password.reveal().toCharArray()) == null) {
                    continue;
                }
            } catch (UnrecoverableKeyException e) {
                throw new WrongPasswordException();
            }
            Certificate certificate = store.getCertificate(alias);
            if (certificate instanceof X509Certificate x509) {
                identities.add(CertificateInfo.of(x509));
            }
        }
        if (identities.isEmpty()) {
            throw new InspectionException("contains no private key, so builds cannot sign with it; export the"
                    + " certificate together with its private key (in Keychain Access: My Certificates, then Export)");
        }
        return new P12Info(identities, reader);
    }

    private static boolean isWrongPassword(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (cause instanceof UnrecoverableKeyException || message.contains("password")
                    || message.contains("mac invalid") || message.contains("integrity check")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Holds the provider, so its classes load only when the JDK's reader has failed (it costs start-up time). */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** The password did not open the store or its key; never carries the password itself. */
    private static final class WrongPasswordException extends Exception {
        WrongPasswordException() {
            super(null, null, false, false);
        }
    }
}
