package io.signingsync.config;

import java.util.List;

/** Bad configuration: one or more inputs are missing or invalid. The program exits with code 2. */
public class ConfigurationException extends Exception {

    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** Each problem as one sentence that names the input, the value and the fix. */
    public List<String> problems() {
        return problems;
    }
}
