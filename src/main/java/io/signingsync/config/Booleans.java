package io.signingsync.config;

import java.util.Locale;
import java.util.Optional;

/** Parses boolean inputs the way Bitrise steps do: yes/no, true/false, y/n and 1/0 in any case. */
public final class Booleans {

    private Booleans() {
    }

    /** Returns the parsed value, or empty when the text is none of the accepted words. */
    public static Optional<Boolean> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "1" -> Optional.of(true);
            case "no", "n", "false", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    public static String format(boolean value) {
        return value ? "yes" : "no";
    }
}
