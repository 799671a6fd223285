package io.signingsync.testing;

import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Creates real code-signing files in-process for tests: self-signed certificates with their keys,
 * .p12 files written by the JDK's PKCS12 key store, and provisioning profiles (an XML plist inside
 * a DER-encoded CMS SignedData envelope). No external tool is needed.
 *
 * <p>Every certificate shares one RSA key pair, generated once per test JVM, because key
 * generation is the slow part. Certificates still differ in subject and serial, so their DER
 * encodings and SHA-256 differ.
 */
public final class SigningFiles {

    /** Key protection that the JDK's PKCS12 store applies on request: PBES2 with AES-256. */
    public static final String AES_KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";

    private static final AtomicLong NEXT_SERIAL = new AtomicLong(0x1000);
    private static KeyPair sharedKeyPair;

    private SigningFiles() {
    }

    /** A certificate and the key pair whose public key it certifies. */
    public record Identity(X509Certificate certificate, KeyPair keyPair) {

        /** Returns the lowercase hex SHA-256 of the certificate's DER encoding. */
        public String sha256() {
            try {
                return SigningFiles.sha256(certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Returns the DER encoding in base64, as a profile's DeveloperCertificates holds it. */
        public String base64Der() {
            try {
                return Base64.getEncoder().encodeToString(certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Returns a certificate valid from a day before {@code now} to a year after it. */
    public static Identity identity(String commonName, String organizationalUnit, Instant now) {
        return identity(commonName, organizationalUnit, nextSerial(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
    }

    /** Returns a certificate with the given validity; whole seconds only, as X.509 stores them. */
    public static Identity identity(String commonName, String organizationalUnit, Instant notBefore,
            Instant notAfter) {
        return identity(commonName, organizationalUnit, nextSerial(), notBefore, notAfter);
    }

    /** Returns a self-signed certificate; an empty {@code organizationalUnit} leaves OU out of the subject. */
    public static Identity identity(String commonName, String organizationalUnit, BigInteger serial,
            Instant notBefore, Instant notAfter) {
        KeyPair keyPair = keyPair();
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName);
        if (!organizationalUnit.isEmpty()) {
            subject.addRDN(BCStyle.OU, organizationalUnit);
        }
        X500Name name = subject.addRDN(BCStyle.O, "signing-sync tests").build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)), Date.from(notAfter.truncatedTo(ChronoUnit.SECONDS)),
                name, keyPair.getPublic());
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Identity(certificate, keyPair);
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a test certificate", e);
        }
    }

    /** Returns a .p12 with the identity's key and certificate, key protected with PBES2/AES-256. */
    public static byte[] p12(Identity identity, String password) {
        return p12(identity, password, AES_KEY_PROTECTION);
    }

    /** Returns a .p12 whose key entry is protected with {@code keyProtection}, a JDK PBE algorithm name. */
    public static byte[] p12(Identity identity, String password, String keyProtection) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setEntry("identity",
                    new KeyStore.PrivateKeyEntry(identity.keyPair().getPrivate(),
                            new Certificate[] {identity.certificate()}),
                    new KeyStore.PasswordProtection(password.toCharArray(), keyProtection, null));
            return store(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a test .p12", e);
        }
    }

    /**
     * Returns a .p12 written by Bouncy Castle's PKCS12 store, which protects the key with
     * pbeWithSHAAnd3-KeyTripleDES-CBC and the certificates with pbeWithSHAAnd40BitRC2-CBC. Unlike the
     * JDK's PBES2 schemes, these take any Unicode password.
     */
    public static byte[] legacyP12(Identity identity, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", new BouncyCastleProvider());
            store.load(null, null);
            store.setKeyEntry("identity", identity.keyPair().getPrivate(), password.toCharArray(),
                    new Certificate[] {identity.certificate()});
            return store(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a test .p12", e);
        }
    }

    /**
     * Returns a .p12 exported by the {@code openssl} command line (OpenSSL 3 defaults: PBES2 with
     * AES-256-CBC), or fails the calling test's assumption when {@code openssl} cannot run. The
     * password goes through a UTF-8 file, so non-ASCII passwords reach OpenSSL unchanged.
     */
    public static byte[] opensslP12(Path workFolder, Identity identity, String password, String... extraArguments)
            throws IOException, InterruptedException, CertificateEncodingException {
        Path certificate = Files.writeString(workFolder.resolve("certificate.pem"),
                pem("CERTIFICATE", identity.certificate().getEncoded()));
        Path key = Files.writeString(workFolder.resolve("key.pem"),
                pem("PRIVATE KEY", identity.keyPair().getPrivate().getEncoded()));
        Path passwordFile = Files.writeString(workFolder.resolve("password.txt"), password + "\n",
                StandardCharsets.UTF_8);
        Path output = workFolder.resolve("openssl.p12");
        List<String> command = new ArrayList<>(List.of("openssl", "pkcs12", "-export", "-in", certificate.toString(),
                "-inkey", key.toString(), "-out", output.toString(), "-passout", "file:" + passwordFile));
        command.addAll(List.of(extraArguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("openssl cannot run here: " + e.getMessage());
            throw e;
        }
        String processOutput = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exitCode = process.waitFor();
        Assumptions.assumeTrue(exitCode == 0, "openssl pkcs12 -export failed: " + processOutput);
        return Files.readAllBytes(output);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Returns a .p12 that holds only a trusted certificate entry, with no private key. */
    public static byte[] certificateOnlyP12(Identity identity, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("certificate", identity.certificate());
            return store(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a test .p12", e);
        }
    }

    private static byte[] store(KeyStore store, String password) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password.toCharArray());
        return bytes.toByteArray();
    }

    /** The fields of a provisioning profile's plist that the product reads. */
    public record Profile(String uuid, String name, String teamIdentifier, String appIdentifier,
            Instant expirationDate, List<Identity> developerCertificates) {

        public Profile {
            developerCertificates = List.copyOf(developerCertificates);
        }

        /** Returns a profile of team ABCDE12345 for com.example.app that allows the given certificates. */
        public static Profile of(String name, Instant expirationDate, Identity... developerCertificates) {
            return new Profile("8F3A2C1E-1111-4B5C-9D0E-" + String.format("%012X", NEXT_SERIAL.incrementAndGet()),
                    name, "ABCDE12345", "ABCDE12345.com.example.app", expirationDate.truncatedTo(ChronoUnit.SECONDS),
                    List.of(developerCertificates));
        }

        /** Returns the Apple-style XML plist, with no DOCTYPE. */
        public String plist() {
            return plist("");
        }

        /** Returns the XML plist with {@code doctype} (a DOCTYPE declaration, or "") after the XML declaration. */
        public String plist(String doctype) {
            StringBuilder certificates = new StringBuilder();
            for (Identity certificate : developerCertificates) {
                certificates.append("\t\t<data>").append(certificate.base64Der()).append("</data>\n");
            }
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + doctype + (doctype.isEmpty() ? "" : "\n")
                    + "<plist version=\"1.0\">\n"
                    + "<dict>\n"
                    + "\t<key>AppIDName</key>\n\t<string>Example App</string>\n"
                    + "\t<key>CreationDate</key>\n\t<date>2024-01-01T00:00:00Z</date>\n"
                    + "\t<key>DeveloperCertificates</key>\n\t<array>\n" + certificates + "\t</array>\n"
                    + "\t<key>Entitlements</key>\n\t<dict>\n"
                    + "\t\t<key>application-identifier</key>\n\t\t<string>" + appIdentifier + "</string>\n"
                    + "\t\t<key>get-task-allow</key>\n\t\t<false/>\n"
                    + "\t</dict>\n"
                    + "\t<key>ExpirationDate</key>\n\t<date>" + expirationDate + "</date>\n"
                    + "\t<key>Name</key>\n\t<string>" + name + "</string>\n"
                    + "\t<key>TeamIdentifier</key>\n\t<array>\n\t\t<string>" + teamIdentifier + "</string>\n\t</array>\n"
                    + "\t<key>TeamName</key>\n\t<string>Example Ltd</string>\n"
                    + "\t<key>UUID</key>\n\t<string>" + uuid + "</string>\n"
                    + "\t<key>Version</key>\n\t<integer>1</integer>\n"
                    + "</dict>\n"
                    + "</plist>\n";
        }

        /** Returns the profile as a .mobileprovision file: the plist signed into a CMS envelope. */
        public byte[] encoded() {
            return signedContent(plist().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Returns a DER-encoded CMS SignedData that encapsulates {@code content}, signed by a fresh
     * self-signed certificate, as Apple signs profiles.
     */
    public static byte[] signedContent(byte[] content) {
        Instant now = Instant.now();
        Identity signer = identity("Test Profile Signing", "", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)));
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA")
                    .build(signer.keyPair().getPrivate());
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build()).build(contentSigner, signer.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a test CMS envelope", e);
        }
    }

    /** Writes {@code bytes} to {@code folder/name} and returns the path. */
    public static Path write(Path folder, String name, byte[] bytes) {
        try {
            return Files.write(folder.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the {@link LocalFile} the folder scanner would make of a file at the top of its folder. */
    public static LocalFile localFile(Path path) {
        String name = path.getFileName().toString();
        FileKind kind = FileKind.ofFileName(name).orElseThrow(() -> new IllegalArgumentException(name));
        try {
            byte[] bytes = Files.readAllBytes(path);
            return new LocalFile(path, name, name, kind, bytes.length, sha256(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the first {@code length} bytes. */
    public static byte[] truncated(byte[] bytes, int length) {
        byte[] prefix = new byte[length];
        System.arraycopy(bytes, 0, prefix, 0, length);
        return prefix;
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(NEXT_SERIAL.incrementAndGet());
    }

    private static synchronized KeyPair keyPair() {
        if (sharedKeyPair == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                sharedKeyPair = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return sharedKeyPair;
    }
}
