package io.signingsync.download;

import io.signingsync.ExitCode;
import io.signingsync.ListFailure;
import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.BitriseApiClient;
import io.signingsync.api.HttpTransport;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.Configuration;
import io.signingsync.logging.Redactor;
import io.signingsync.output.CiPlatform;
import io.signingsync.output.GitHubCommands;
import io.signingsync.output.OutputName;
import io.signingsync.output.OutputTargets;
import io.signingsync.output.ReportWriter;
import io.signingsync.scan.FileKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Download mode: lists the chosen kinds, writes every processed, unprotected record into the
 * folder, and exports the local paths, the slugs and, as secrets only, the certificates' passwords.
 */
public final class DownloadRun {

    private final Configuration config;
    private final OutputTargets targets;
    private final CiPlatform platform;
    private final PrintStream out;
    private final Redactor redactor;
    private final Function<Configuration, BitriseApi> apiFactory;

    /** @param apiFactory makes the API client from the configuration; null for the real HTTP client */
    public DownloadRun(Configuration config, OutputTargets targets, CiPlatform platform, PrintStream out,
            Redactor redactor, Function<Configuration, BitriseApi> apiFactory) {
        this.config = config;
        this.targets = targets;
        this.platform = platform;
        this.out = out;
        this.redactor = redactor;
        this.apiFactory = apiFactory;
    }

    public int run(Logger log) {
        Path folder = config.signingFilesDir();
        if (config.dryRun()) {
            log.info("Dry run: download mode lists what it would download and writes nothing");
        } else {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                log.error("Invalid configuration: signing_files_dir '{}' cannot be created ({}); choose a writable"
                        + " folder", folder, e.getClass().getSimpleName());
                return ExitCode.BAD_CONFIGURATION;
            }
        }
        try (HttpTransport transport = new HttpTransport("signing-sync")) {
            BitriseApi api = apiFactory != null ? apiFactory.apply(config)
                    : new BitriseApiClient(transport, config.apiBaseUrl(), config.appSlug(), config.apiToken());
            Map<FileKind, List<RemoteFile>> remote;
            try {
                remote = list(api);
            } catch (ApiException e) {
                return ListFailure.report(e, config, "nothing was downloaded", log);
            }
            List<RemoteFile> records = new ArrayList<>();
            for (FileKind kind : FileKind.values()) {
                if (config.downloadKinds().contains(kind)) {
                    records.addAll(remote.getOrDefault(kind, List.of()));
                }
            }
            log.info("Bitrise app {} has {} files of the kinds {}", config.appSlug(), records.size(),
                    config.downloadKinds().stream().map(FileKind::apiCollection).sorted().toList());
            if (config.dryRun()) {
                records.forEach(record -> log.info("{} {} {} ({})", record.isProtected() ? "would skip (protected)"
                        : record.processed() ? "would download" : "would skip (upload not finished)",
                        record.kind().displayName(), record.uploadFileName(), record.slug()));
                return ExitCode.OK;
            }
            List<DownloadResult> results = new Downloader(api, folder, config.overwrite()).download(records);
            boolean exported = export(results, log);
            long unsuccessful = results.stream().filter(DownloadResult::unsuccessful).count();
            log.info("Summary: {} files: {}", results.size(), results.stream()
                    .collect(Collectors.groupingBy(DownloadResult::outcome, () -> new EnumMap<>(
                            DownloadResult.Outcome.class), Collectors.counting()))
                    .entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey().label())
                    .collect(Collectors.joining(", ")));
            if (unsuccessful > 0) {
                log.error("{} of {} files were not downloaded; the log above says why for each", unsuccessful,
                        results.size());
                return ExitCode.SYNC_FAILED;
            }
            return exported ? ExitCode.OK : ExitCode.SYNC_FAILED;
        }
    }

    private Map<FileKind, List<RemoteFile>> list(BitriseApi api) {
        Map<FileKind, List<RemoteFile>> remote = new EnumMap<>(FileKind.class);
        for (FileKind kind : config.downloadKinds()) {
            remote.put(kind, api.list(kind));
        }
        if (config.downloadKinds().contains(FileKind.GENERIC_PROJECT_FILE)) {
            // Keystores appear in the generic list too; their passwords stay on Bitrise, so they are left out.
            List<String> keystores = api.list(FileKind.ANDROID_KEYSTORE).stream().map(RemoteFile::slug).toList();
            remote.put(FileKind.GENERIC_PROJECT_FILE, remote.get(FileKind.GENERIC_PROJECT_FILE).stream()
                    .filter(record -> !keystores.contains(record.slug())).toList());
        }
        return remote;
    }

    private boolean export(List<DownloadResult> results, Logger log) {
        boolean ok = true;
        Path reportFile = targets.reportFile();
        try {
            new ReportWriter(redactor::redact).writeDownloadJson(reportFile, config.appSlug(), results);
            log.info("Wrote the report to {}", reportFile);
        } catch (IOException e) {
            log.error("Writing the report to {} failed ({}); pass --report-file with a writable path", reportFile,
                    e.getMessage());
            ok = false;
        }
        List<DownloadResult> certificates = present(results, FileKind.BUILD_CERTIFICATE);
        Map<OutputName, String> outputs = new LinkedHashMap<>();
        outputs.put(OutputName.PROVISIONING_PROFILE_SLUGS, slugs(results, FileKind.PROVISIONING_PROFILE));
        outputs.put(OutputName.BUILD_CERTIFICATE_SLUGS, slugs(results, FileKind.BUILD_CERTIFICATE));
        outputs.put(OutputName.GENERIC_PROJECT_FILE_SLUGS, slugs(results, FileKind.GENERIC_PROJECT_FILE));
        outputs.put(OutputName.GENERIC_PROJECT_FILE_ENV_KEYS, joined(present(results, FileKind.GENERIC_PROJECT_FILE),
                result -> result.record().userEnvKey() == null ? "" : result.record().userEnvKey()));
        outputs.put(OutputName.PROVISIONING_PROFILE_PATHS, paths(results, FileKind.PROVISIONING_PROFILE));
        outputs.put(OutputName.BUILD_CERTIFICATE_PATHS, paths(results, FileKind.BUILD_CERTIFICATE));
        outputs.put(OutputName.GENERIC_PROJECT_FILE_PATHS, paths(results, FileKind.GENERIC_PROJECT_FILE));
        if (platform != CiPlatform.OTHER) {
            outputs.put(OutputName.BUILD_CERTIFICATE_PASSWORDS, joined(certificates,
                    result -> result.certificatePassword() == null ? "" : result.certificatePassword().reveal()));
        }
        outputs.put(OutputName.SIGNING_SYNC_REPORT_PATH, reportFile.toString());
        if (platform == CiPlatform.GITHUB_ACTIONS) {
            for (DownloadResult result : results) {
                if (result.unsuccessful()) {
                    // Scrubbed before GitHub's escaping, which would change a secret that contains '%'.
                    new GitHubCommands(out).error(null, redactor.redact("signing-sync: "
                            + result.record().uploadFileName() + " not downloaded"), redactor.redact(result.note()));
                }
            }
        }
        // The export prints GitHub's ::add-mask:: lines first; only then may the redactor learn the
        // passwords, or it would mask them inside those very lines.
        boolean exported = targets.export(outputs, log);
        for (DownloadResult certificate : certificates) {
            if (certificate.certificatePassword() != null) {
                redactor.addSecret(certificate.certificatePassword().reveal());
            }
        }
        return exported && ok;
    }

    private static List<DownloadResult> present(List<DownloadResult> results, FileKind kind) {
        return results.stream().filter(DownloadResult::present).filter(r -> r.record().kind() == kind).toList();
    }

    private static String slugs(List<DownloadResult> results, FileKind kind) {
        return joined(present(results, kind), result -> result.record().slug());
    }

    private static String paths(List<DownloadResult> results, FileKind kind) {
        return joined(present(results, kind), result -> result.path().toString());
    }

    private static String joined(List<DownloadResult> results, Function<DownloadResult, String> value) {
        return results.stream().map(value).collect(Collectors.joining("|"));
    }
}
