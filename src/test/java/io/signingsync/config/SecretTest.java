package io.signingsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringMasksSetValue() {
        Secret secret = Secret.of("tok-ZQ81-distinctive");

        String printed = secret.toString();

        assertEquals("*****", printed);
    }

    @Test
    void toStringPrintsEmptyMarker() {
        Secret secret = Secret.of("");

        String printed = secret.toString();

        assertEquals("<empty>", printed);
    }

    @Test
    void ofNullGivesEmptySecret() {
        Secret secret = Secret.of(null);

        assertSame(Secret.empty(), secret);
        assertTrue(secret.isEmpty());
    }

    @Test
    void revealReturnsPlainValue() {
        Secret secret = Secret.of("pw-7731");

        String value = secret.reveal();

        assertEquals("pw-7731", value);
    }

    @Test
    void equalsComparesValues() {
        Secret first = Secret.of("same-value");
        Secret second = Secret.of("same-value");
        Secret other = Secret.of("other-value");

        assertEquals(first, second);
        assertEquals(first.hashCode(), second.hashCode());
        assertNotEquals(first, other);
        assertFalse(first.equals("same-value"));
    }
}
