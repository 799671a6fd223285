package io.signingsync.output;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exports through Bitrise's {@code envman add --key K --value V}. The child's stdin is closed at
 * once: envman reads the value from stdin when {@code --value} is empty and stdin is a pipe, and
 * would otherwise wait forever.
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
        for (Map.Entry<OutputName, String> output : outputs.entrySet()) {
            add(output.getKey().envKey(), output.getValue());
        }
    }

    private void add(String key, String value) throws IOException {
        Process process = new ProcessBuilder(List.of(envman, "add", "--key", key, "--value", value))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
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
