package io.signingsync.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a GITHUB_OUTPUT file: "name=value" lines and "name<<DELIMITER" multi-line blocks. */
public final class GithubOutputFile {
    private GithubOutputFile() {
    }

    public static Map<String, String> parse(String content) {
        Map<String, String> outputs = new LinkedHashMap<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                i++;
                while (i < lines.length && !lines[i].equals(delimiter)) {
                    value.append(value.length() == 0 ? "" : "\n").append(lines[i]);
                    i++;
                }
                outputs.put(name, value.toString());
            } else if (eq > 0) {
                outputs.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return outputs;
    }
}
