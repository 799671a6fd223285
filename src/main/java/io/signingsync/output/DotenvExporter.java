package io.signingsync.output;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code KEY=value} lines, the dotenv form GitLab's {@code artifacts:reports:dotenv} reads:
 * no quotes, no comments, one line per value. Values with line breaks are refused, because
 * GitLab rejects the whole file.
 */
public final class DotenvExporter implements OutputExporter {

    private final Path file;
    private final PrintStream stdout;

    /** @param file the dotenv file to write, or null to print the lines to {@code stdout} */
    public DotenvExporter(Path file, PrintStream stdout) {
        this.file = file;
        this.stdout = stdout;
    }

    @Override
    public void export(Map<OutputName, String> outputs) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<OutputName, String> output : outputs.entrySet()) {
            if (output.getKey().sensitive()) {
                // Every user of a GitLab pipeline can read a dotenv report, so secrets stay out of it.
                continue;
            }
            String value = output.getValue();
            if (value.contains("\n") || value.contains("\r")) {
                throw new IOException(output.getKey().envKey() + " has a line break, which dotenv files cannot hold");
            }
            text.append(output.getKey().envKey()).append('=').append(value).append('\n');
        }
        if (file == null) {
            stdout.print(text);
            stdout.flush();
            if (stdout.checkError()) {
                throw new IOException("writing to stdout failed (is it closed or on a full device?); pass"
                        + " --output-file FILE to write the outputs to a file");
            }
        } else {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    @Override
    public String destination() {
        return file == null ? "stdout" : file.toString();
    }
}
