package io.signingsync.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;

/**
 * Appends outputs to the file named by {@code $GITHUB_OUTPUT}: {@code name=value} for one line,
 * and the heredoc form {@code name<<DELIMITER} with a random delimiter for values with line breaks.
 */
public final class GitHubOutputExporter implements OutputExporter {

    private final Path outputFile;

    public GitHubOutputExporter(Path outputFile) {
        this.outputFile = outputFile;
    }

    @Override
    public void export(Map<OutputName, String> outputs) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<OutputName, String> output : outputs.entrySet()) {
            text.append(format(output.getKey().githubName(), output.getValue()));
        }
        Files.writeString(outputFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Formats one output; a value with a line break gets a delimiter that does not occur in it. */
    static String format(String name, String value) {
        if (!value.contains("\n") && !value.contains("\r")) {
            return name + "=" + value + "\n";
        }
        String delimiter;
        do {
            delimiter = "ghadelimiter_" + UUID.randomUUID();
        } while (value.contains(delimiter));
        return name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
    }

    @Override
    public String destination() {
        return "$GITHUB_OUTPUT";
    }
}
