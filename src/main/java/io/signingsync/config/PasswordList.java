package io.signingsync.config;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code certificate_passwords}: one {@code FILE_NAME=PASSWORD} entry per line. The file
 * name ends at the first {@code =} that is not escaped; in the name, {@code \=} stands for
 * {@code =} and {@code \\} for {@code \}. The password is the rest of the line, taken as it is,
 * so it may contain {@code =}, spaces and any other character; only the line break ends it.
 * Blank lines are ignored. Names are compared in Unicode NFC, like the scanned files.
 */
final class PasswordList {

    private PasswordList() {
    }

    static Map<String, Secret> parse(String text, List<String> problems, List<String> warnings) {
        Map<String, Secret> passwords = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            StringBuilder name = new StringBuilder();
            int separator = -1;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '=' || line.charAt(i + 1) == '\\')) {
                    name.append(line.charAt(++i));
                } else if (c == '=') {
                    separator = i;
                    break;
                } else {
                    name.append(c);
                }
            }
            String fileName = Normalizer.normalize(name.toString().strip(), Normalizer.Form.NFC);
            // Only the line number is reported: the line itself may hold a password.
            if (separator < 0) {
                problems.add("certificate_passwords line " + number + " has no '='; write each entry as"
                        + " FILE_NAME=PASSWORD");
                continue;
            }
            if (fileName.isEmpty()) {
                problems.add("certificate_passwords line " + number + " has no file name before '='; write each"
                        + " entry as FILE_NAME=PASSWORD");
                continue;
            }
            if (!fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".p12")) {
                // The name is not quoted: a pasted password with '=' in it would show its first part here.
                warnings.add("certificate_passwords line " + number + " names a file that does not end in .p12,"
                        + " so it applies to no file");
            }
            if (passwords.containsKey(fileName)) {
                problems.add("certificate_passwords names '" + fileName + "' twice (line " + number
                        + "); keep one entry per file");
                continue;
            }
            passwords.put(fileName, Secret.of(line.substring(separator + 1)));
        }
        return passwords;
    }
}
