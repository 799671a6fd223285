package io.signingsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BooleansTest {

    @ParameterizedTest
    @ValueSource(strings = {"yes", "YES", "Yes", "y", "Y", "true", "TRUE", "True", "1", " yes "})
    void parseAcceptsTrueWords(String text) {
        Optional<Boolean> parsed = Booleans.parse(text);

        assertEquals(Optional.of(true), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "NO", "No", "n", "N", "false", "FALSE", "False", "0", " no "})
    void parseAcceptsFalseWords(String text) {
        Optional<Boolean> parsed = Booleans.parse(text);

        assertEquals(Optional.of(false), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "maybe", "2", "on", "off", "yess", "t"})
    void parseRejectsOtherWords(String text) {
        Optional<Boolean> parsed = Booleans.parse(text);

        assertEquals(Optional.empty(), parsed);
    }

    @Test
    void formatWritesYesOrNo() {
        String yes = Booleans.format(true);
        String no = Booleans.format(false);

        assertEquals("yes", yes);
        assertEquals("no", no);
    }
}
