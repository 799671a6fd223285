package io.signingsync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applies to step.yml the checks of {@code stepman audit --step-yml}, which cannot run here
 * (stepman needs Go 1.25). The rules follow stepman's {@code AuditBeforeShare} and envman's env
 * item validation: non-empty title, summary and website; non-negative timeouts; every input and
 * output is one env key plus optional opts, with a non-empty opts.title; and is_sensitive
 * requires is_expand (stepman: "For sensitive inputs direct value is not allowed").
 * The StepLib checks of {@code --before-pr} (published_at, source) are not mirrored: a step
 * gets those fields when it is shared.
 */
class StepYmlAuditTest {

    @Test
    void stepYmlPassesAudit() {
        List<String> problems = audit(PackagingFiles.stepYml());

        assertEquals(List.of(), problems);
    }

    static Stream<Arguments> brokenStepYmls() {
        String valid = """
                title: T
                summary: S
                website: https://example.invalid/step
                inputs:
                  - a: "1"
                    opts:
                      title: A
                outputs:
                  - B:
                    opts:
                      title: B
                """;
        return Stream.of(
                Arguments.of("valid", valid, null),
                Arguments.of("no title", valid.replace("title: T\n", ""), "title is missing or empty"),
                Arguments.of("empty summary", valid.replace("summary: S", "summary: \"\""),
                        "summary is missing or empty"),
                Arguments.of("no website", valid.replace("website: https://example.invalid/step\n", ""),
                        "website is missing or empty"),
                Arguments.of("negative timeout", valid + "timeout: -1\n", "timeout must be >= 0"),
                Arguments.of("text timeout", valid + "timeout: abc\n", "timeout must be an integer"),
                Arguments.of("negative no_output_timeout", valid + "no_output_timeout: -5\n",
                        "no_output_timeout must be >= 0"),
                Arguments.of("input without title", valid.replace("      title: A\n", "      summary: A\n"),
                        "inputs[0] (a): opts.title is missing or empty"),
                Arguments.of("output without opts", valid.replace("  - B:\n    opts:\n      title: B\n", "  - B:\n"),
                        "outputs[0] (B): opts.title is missing or empty"),
                Arguments.of("two env keys", valid.replace("  - a: \"1\"\n", "  - a: \"1\"\n    c: \"2\"\n"),
                        "inputs[0]: more than 1 environment key specified"),
                Arguments.of("no env key", valid.replace("  - a: \"1\"\n    opts:", "  - opts:"),
                        "inputs[0]: no environment key found"),
                Arguments.of("opts not a map", valid.replace("    opts:\n      title: A\n", "    opts: A\n"),
                        "inputs[0] (a): opts must be a map"),
                Arguments.of("sensitive without expand",
                        valid.replace("      title: A\n", "      title: A\n      is_sensitive: true\n      is_expand: false\n"),
                        "inputs[0] (a): is_sensitive requires is_expand"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStepYmls")
    void auditReportsBrokenStepYml(String name, String yaml, String expectedProblem) {
        List<String> problems = audit(PackagingFiles.parse(yaml));

        if (expectedProblem == null) {
            assertEquals(List.of(), problems);
        } else {
            assertTrue(problems.contains(expectedProblem), "expected \"" + expectedProblem + "\" in " + problems);
        }
    }

    /** Returns the problems stepman's audit would report for a parsed step.yml. */
    static List<String> audit(JsonNode step) {
        List<String> problems = new ArrayList<>();
        for (String field : List.of("title", "summary", "website")) {
            if (!step.path(field).isTextual() || step.path(field).asText().isBlank()) {
                problems.add(field + " is missing or empty");
            }
        }
        for (String field : List.of("timeout", "no_output_timeout")) {
            JsonNode value = step.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isIntegralNumber()) {
                problems.add(field + " must be an integer");
            } else if (value.asLong() < 0) {
                problems.add(field + " must be >= 0");
            }
        }
        for (String field : List.of("is_always_run", "is_skippable", "is_requires_admin_user")) {
            JsonNode value = step.get(field);
            if (value != null && !value.isNull() && !value.isBoolean()) {
                problems.add(field + " must be a boolean");
            }
        }
        auditEnvItems(step.path("inputs"), "inputs", problems);
        auditEnvItems(step.path("outputs"), "outputs", problems);
        return problems;
    }

    private static void auditEnvItems(JsonNode list, String listName, List<String> problems) {
        if (list.isMissingNode() || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            problems.add(listName + " must be a list");
            return;
        }
        for (int index = 0; index < list.size(); index++) {
            auditEnvItem(list.get(index), listName + "[" + index + "]", problems);
        }
    }

    private static void auditEnvItem(JsonNode item, String where, List<String> problems) {
        if (!item.isObject()) {
            problems.add(where + ": must be a map of one environment key and opts");
            return;
        }
        List<String> envKeys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (!key.equals("opts")) {
                envKeys.add(key);
            }
        }

        if (item.size() > 2) {
            problems.add(where + ": more than 2 keys specified");
        }
        if (envKeys.size() > 1) {
            problems.add(where + ": more than 1 environment key specified");
            return;
        }
        if (envKeys.isEmpty()) {
            problems.add(where + ": no environment key found");
            return;
        }

        String label = where + " (" + envKeys.get(0) + ")";
        JsonNode opts = item.get("opts");
        if (opts != null && !opts.isNull() && !opts.isObject()) {
            problems.add(label + ": opts must be a map");
            return;
        }
        JsonNode title = opts == null ? null : opts.get("title");
        if (title == null || !title.isTextual() || title.asText().isBlank()) {
            problems.add(label + ": opts.title is missing or empty");
        }

        boolean sensitive = opts != null && opts.path("is_sensitive").asBoolean(false);
        // envman's default for is_expand is true.
        boolean expand = opts == null || opts.path("is_expand").asBoolean(true);
        if (sensitive && !expand) {
            problems.add(label + ": is_sensitive requires is_expand");
        }
    }
}
