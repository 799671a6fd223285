package io.signingsync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void registeredSecretMasked() {
        Redactor redactor = new Redactor();
        redactor.addSecret("tok-5f2a-secret");

        String redacted = redactor.redact("Authorization: tok-5f2a-secret sent twice tok-5f2a-secret");

        assertEquals("Authorization: ***** sent twice *****", redacted);
    }

    @Test
    void strippedSecretAlsoMasked() {
        Redactor redactor = new Redactor();
        redactor.addSecret("pw-secret-88\n");

        String redacted = redactor.redact("password pw-secret-88 end");

        assertEquals("password ***** end", redacted);
    }

    @Test
    void presignedParametersMasked() {
        Redactor redactor = new Redactor();
        String url = "https://bucket.s3.amazonaws.com/f/Dist.p12?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAEXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20240101T000000Z&X-Amz-Signature=0123abcdef";

        String redacted = redactor.redact("PUT " + url + " failed");

        assertEquals("PUT https://bucket.s3.amazonaws.com/f/Dist.p12?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=*****&X-Amz-Date=20240101T000000Z&X-Amz-Signature=***** failed", redacted);
    }

    @Test
    void shortSecretNotRegistered() {
        Redactor redactor = new Redactor();
        redactor.addSecret("ab");
        redactor.addSecret(" a ");

        String redacted = redactor.redact("about a tab");

        assertEquals("about a tab", redacted);
    }

    @Test
    void threeCharacterSecretRegistered() {
        Redactor redactor = new Redactor();
        redactor.addSecret("xyz");

        String redacted = redactor.redact("value xyz");

        assertEquals("value *****", redacted);
    }

    @Test
    void nullSecretIgnored() {
        Redactor redactor = new Redactor();
        redactor.addSecret(null);

        String redacted = redactor.redact("nothing to hide");

        assertEquals("nothing to hide", redacted);
    }

    @Test
    void longerSecretMaskedWhole() {
        Redactor redactor = new Redactor();
        redactor.addSecret("secret");
        redactor.addSecret("secret123!");

        assertEquals("pw *****", redactor.redact("pw secret123!"));
    }

    @Test
    void escapedFormsMasked() {
        Redactor redactor = new Redactor();
        redactor.addSecret("pa\"ss\\w0rd%x");

        assertEquals("json *****", redactor.redact("json pa\\\"ss\\\\w0rd%x"));
        assertEquals("command *****", redactor.redact("command pa\"ss\\w0rd%25x"));
        assertEquals("raw *****", redactor.redact("raw pa\"ss\\w0rd%x"));
    }
}
