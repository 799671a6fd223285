package io.signingsync.output;

import java.io.PrintStream;

/** GitHub Actions workflow commands printed on stdout: secret masks and error annotations. */
public final class GitHubCommands {

    private final PrintStream stdout;

    public GitHubCommands(PrintStream stdout) {
        this.stdout = stdout;
    }

    /** Registers a value GitHub replaces with {@code ***} in every later log line; must come before the value can appear. */
    public void addMask(String secret) {
        if (!secret.isEmpty()) {
            stdout.println("::add-mask::" + escapeData(secret));
            stdout.flush();
        }
    }

    /** Prints an error annotation, attached to a file when {@code file} is not null. */
    public void error(String file, String title, String message) {
        StringBuilder command = new StringBuilder("::error ");
        if (file != null) {
            command.append("file=").append(escapeProperty(file)).append(',');
        }
        command.append("title=").append(escapeProperty(title)).append("::").append(escapeData(message));
        stdout.println(command);
        stdout.flush();
    }

    static String escapeData(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String escapeProperty(String value) {
        return escapeData(value).replace(":", "%3A").replace(",", "%2C");
    }
}
