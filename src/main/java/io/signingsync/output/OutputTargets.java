package io.signingsync.output;

import io.signingsync.config.Configuration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;

/** The destinations of a run's outputs and report on each CI system, and the export with its log lines. */
public final class OutputTargets {

    static final String REPORT_FILE_NAME = "signing-sync-report.json";

    private final Configuration config;
    private final CiPlatform platform;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final PrintStream stdout;

    public OutputTargets(Configuration config, CiPlatform platform, Map<String, String> environment,
            Path workingDirectory, PrintStream stdout) {
        this.config = config;
        this.platform = platform;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.stdout = stdout;
    }

    public OutputExporter exporter() {
        return switch (platform) {
            case BITRISE -> new EnvmanExporter(CiPlatform.findEnvman(environment).orElseThrow().toString());
            case GITHUB_ACTIONS -> new GitHubOutputExporter(Path.of(environment.get("GITHUB_OUTPUT")));
            case OTHER -> new DotenvExporter(config.outputFile(), stdout);
        };
    }

    /**
     * Returns the report's path: {@code --report-file}, else signing-sync-report.json in
     * $BITRISE_DEPLOY_DIR on Bitrise, $GITHUB_WORKSPACE on GitHub, or the working directory.
     */
    public Path reportFile() {
        if (config.reportFile() != null) {
            return config.reportFile();
        }
        // On GitHub the workspace is the one folder a Docker action shares with later steps for sure:
        // older runners do not mount RUNNER_TEMP into the container.
        String folder = switch (platform) {
            case BITRISE -> environment.get("BITRISE_DEPLOY_DIR");
            case GITHUB_ACTIONS -> environment.get("GITHUB_WORKSPACE");
            case OTHER -> null;
        };
        Path base = folder == null || folder.isEmpty() ? workingDirectory : Path.of(folder);
        return base.resolve(REPORT_FILE_NAME);
    }

    /**
     * Turns paths inside $GITHUB_WORKSPACE into paths relative to it. A Docker action sees the
     * workspace as /github/workspace, a path that later steps on the runner do not have, while a
     * relative path works for both, as steps start in the workspace.
     */
    private Map<OutputName, String> workspaceRelative(Map<OutputName, String> outputs) {
        String workspace = environment.get("GITHUB_WORKSPACE");
        if (workspace == null || workspace.isEmpty()) {
            return outputs;
        }
        Path root = Path.of(workspace).toAbsolutePath().normalize();
        Map<OutputName, String> result = new java.util.LinkedHashMap<>();
        outputs.forEach((name, value) -> {
            if (!name.paths() || value.isEmpty()) {
                result.put(name, value);
                return;
            }
            java.util.List<String> parts = new java.util.ArrayList<>();
            for (String part : value.split("\\|")) {
                Path path = Path.of(part).toAbsolutePath().normalize();
                parts.add(path.startsWith(root) ? root.relativize(path).toString() : part);
            }
            result.put(name, String.join("|", parts));
        });
        return result;
    }

    /**
     * Exports the outputs and echoes each in the log, a secret as masked. On GitHub, each secret
     * is registered with ::add-mask:: before it is written, and a dotenv file never receives one.
     */
    public boolean export(Map<OutputName, String> rawOutputs, Logger log) {
        Map<OutputName, String> outputs = platform == CiPlatform.GITHUB_ACTIONS ? workspaceRelative(rawOutputs)
                : rawOutputs;
        OutputExporter exporter = exporter();
        if (platform == CiPlatform.GITHUB_ACTIONS) {
            GitHubCommands github = new GitHubCommands(stdout);
            outputs.forEach((name, value) -> {
                if (name.sensitive()) {
                    for (String part : value.split("\\|")) {
                        github.addMask(part);
                    }
                    github.addMask(value);
                }
            });
        }
        try {
            exporter.export(outputs);
            outputs.forEach((name, value) -> {
                if (name.sensitive() && platform == CiPlatform.OTHER) {
                    log.info("Not exported {}: a secret is never written to a dotenv file or stdout", name.envKey());
                } else {
                    log.info("Exported {}={} ({})",
                            platform == CiPlatform.GITHUB_ACTIONS ? name.githubName() : name.envKey(),
                            name.sensitive() ? "*****" : value, exporter.destination());
                }
            });
            return true;
        } catch (IOException e) {
            log.error("Exporting the outputs through {} failed: {}", exporter.destination(), e.getMessage());
            return false;
        }
    }
}
