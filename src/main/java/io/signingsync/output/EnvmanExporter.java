package io.signingsync.output;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exports through Bitrise's {@code envman add --key K --value V}. The child's stdin is closed at
 * once: envman reads the value from stdin when {@code --value} is empty and stdin is a pipe, and
 * would otherwise wait forever. A secret is written to that stdin instead, with {@code --sensitive}.
 */
public final class EnvmanExporter implements OutputExporter {

    private static final long TIMEOUT_SECONDS = 60;

    private final String envman;

    /** @param envman the envman executable, a name found on PATH or a path */
    public EnvmanExporter(String envman) {
        this.envman = envman;
    }

    @Override
    public void export(Map<OutputName, String> outputs) throws IOException {
        // Every output is tried, so one failing key does not cost the others; the first failure is raised.
        IOException failure = null;
        for (Map.Entry<OutputName, String> output : outputs.entrySet()) {
            try {
                add(output.getKey().envKey(), output.getValue(), output.getKey().sensitive());
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A secret goes through envman's stdin, not its arguments, because process lists show arguments. */
    private void add(String key, String value, boolean sensitive) throws IOException {
        List<String> command = sensitive ? List.of(envman, "add", "--key", key, "--sensitive")
                : List.of(envman, "add", "--key", key, "--value", value);
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (java.io.OutputStream stdin = process.getOutputStream()) {
            if (sensitive) {
                stdin.write(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("envman add --key " + key + " did not finish within " + TIMEOUT_SECONDS
                        + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while envman exported " + key, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("envman add --key " + key + " exited with " + process.exitValue());
        }
    }

    @Override
    public String destination() {
        return "envman";
    }
}
