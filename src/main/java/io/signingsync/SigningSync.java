package io.signingsync;

import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.BitriseApiClient;
import io.signingsync.api.HttpTransport;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.CommandLineOptions;
import io.signingsync.config.Configuration;
import io.signingsync.config.ConfigurationException;
import io.signingsync.config.ConfigurationLoader;
import io.signingsync.config.Input;
import io.signingsync.logging.Logging;
import io.signingsync.logging.Redactor;
import io.signingsync.output.CiPlatform;
import io.signingsync.output.DotenvExporter;
import io.signingsync.output.EnvmanExporter;
import io.signingsync.output.GitHubCommands;
import io.signingsync.output.GitHubOutputExporter;
import io.signingsync.output.OutputExporter;
import io.signingsync.output.OutputName;
import io.signingsync.output.OutputTargets;
import io.signingsync.output.ReportWriter;
import io.signingsync.output.ResultTable;
import io.signingsync.inspect.FileInspector;
import io.signingsync.inspect.Inspection;
import io.signingsync.plan.DesiredFlags;
import io.signingsync.plan.FilePlan;
import io.signingsync.plan.Planner;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.FolderScanner;
import io.signingsync.scan.ScanResult;
import io.signingsync.sync.FileResult;
import io.signingsync.sync.PruneResult;
import io.signingsync.config.Mode;
import io.signingsync.download.DownloadRun;
import io.signingsync.sync.SyncExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the program: configure, print the effective configuration, scan, list, plan,
 * execute, export. Returns an {@link ExitCode}.
 */
public final class SigningSync {


    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final PrintStream out;
    private final PrintStream err;
    private final Redactor redactor;
    private final Function<Configuration, BitriseApi> apiFactory;

    public SigningSync(Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err,
            Redactor redactor) {
        this(environment, workingDirectory, out, err, redactor, null);
    }

    /** @param apiFactory makes the API client from the configuration; null for the real HTTP client */
    SigningSync(Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err,
            Redactor redactor, Function<Configuration, BitriseApi> apiFactory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.out = out;
        this.err = err;
        this.redactor = redactor;
        this.apiFactory = apiFactory;
    }

    public int run(String[] args) {
        // Configure. Nothing is printed before the secrets are known and, on GitHub, masked.
        ConfigurationLoader loader = new ConfigurationLoader(environment, workingDirectory);
        CommandLine commandLine;
        try {
            commandLine = CommandLineOptions.parse(args);
        } catch (ConfigurationException e) {
            // The error may quote an argument, so the secrets from the environment are masked first.
            maskSecrets(loader, emptyCommandLine());
            return reportBadConfiguration(e);
        }
        if (commandLine.hasOption(CommandLineOptions.HELP)) {
            CommandLineOptions.printHelp(new PrintWriter(out, true, StandardCharsets.UTF_8));
            return ExitCode.OK;
        }
        if (commandLine.hasOption(CommandLineOptions.VERSION)) {
            out.println("signing-sync " + version());
            return ExitCode.OK;
        }
        Configuration config;
        try {
            config = loader.load(commandLine);
        } catch (ConfigurationException e) {
            // An error may quote a value that is also a secret, such as a password pasted into the wrong input.
            maskSecrets(loader, commandLine);
            return reportBadConfiguration(e);
        }
        CiPlatform platform = CiPlatform.detect(environment);
        if (platform == CiPlatform.GITHUB_ACTIONS || loader.onGitHubActions()) {
            GitHubCommands github = new GitHubCommands(out);
            github.addMask(config.apiToken().reveal());
            github.addMask(config.certificatePassword().reveal());
            config.certificatePasswords().values().forEach(password -> github.addMask(password.reveal()));
            github.addMask(config.keystore().password().reveal());
            github.addMask(config.keystore().privateKeyPassword().reveal());
        }
        redactor.addSecret(config.apiToken().reveal());
        redactor.addSecret(config.certificatePassword().reveal());
        config.certificatePasswords().values().forEach(password -> redactor.addSecret(password.reveal()));
        redactor.addSecret(config.keystore().password().reveal());
        // keystore_alias is a secret input and is never printed, but it is not masked in every line:
        // aliases are often common words ("upload", "key0"), and masking them would garble the log.
        redactor.addSecret(config.keystore().privateKeyPassword().reveal());
        Logging.configure(config.verbose());
        Logger log = LoggerFactory.getLogger(SigningSync.class);

        // Print the effective configuration.
        log.info("signing-sync {} on {}", version(), platform);
        for (Input input : Input.values()) {
            log.info("  {}: {} ({})", input.key(), config.printableValue(input), config.sources().get(input));
        }
        config.warnings().forEach(warning -> log.warn(warning));
        if (config.mode() == Mode.DOWNLOAD) {
            return new DownloadRun(config, targets(config, platform), platform, out, redactor, apiFactory)
                    .run(log);
        }

        // Creating the HTTP client loads the TLS stack, hundreds of classes: do it while the folder is scanned.
        CompletableFuture<HttpTransport> transportReady = CompletableFuture.supplyAsync(
                () -> new HttpTransport("signing-sync/" + version()), daemonExecutor("http-setup"));

        // Scan.
        ScanResult scan;
        try {
            scan = new FolderScanner().scan(config.signingFilesDir(), config.includeGenericFiles());
        } catch (ConfigurationException e) {
            return reportBadConfiguration(e);
        }
        scan.skipped().forEach(skipped -> log.info("Skipped {}", skipped));
        warnAboutUnusedPasswords(config, scan, log);
        if (scan.files().isEmpty()) {
            log.info("No signing files in {}; nothing to sync{}", config.signingFilesDir(),
                    config.prune() ? " (prune is skipped too: with an empty folder it would delete every file)" : "");
            return export(config, platform, List.of(), scan, List.of(), log) ? ExitCode.OK : ExitCode.SYNC_FAILED;
        }
        log.info("Found {} signing files in {}", scan.files().size(), config.signingFilesDir());


        try (HttpTransport transport = transportReady.join()) {
            BitriseApi api = apiFactory != null ? apiFactory.apply(config)
                    : new BitriseApiClient(transport, config.apiBaseUrl(), config.appSlug(), config.apiToken());

            // List what the app holds, each kind on its own thread, while the files are inspected:
            // the first request leaves before the slowest local work (opening every .p12) starts.
            ExecutorService listPool = Executors.newFixedThreadPool(FileKind.values().length, runnable -> {
                Thread thread = new Thread(runnable, "list");
                thread.setDaemon(true);
                return thread;
            });
            Map<FileKind, List<RemoteFile>> remote;
            List<Inspection> inspections;
            Set<FileKind> syncedKinds = syncedKinds(config, scan);
            try {
                Map<FileKind, CompletableFuture<List<RemoteFile>>> listing = startListing(api,
                        kindsToList(scan, syncedKinds, config.prune()), listPool);
                inspections = new FileInspector(Clock.systemUTC(), config.allowExpired(),
                        config.expiryWarningDays(), config::passwordFor, config.keystore()).inspect(scan.files());
                remote = withoutKeystoresInGenericList(awaitListing(listing));
            } catch (ApiException e) {
                return ListFailure.report(e, config, "nothing was changed", log);
            } finally {
                listPool.shutdownNow();
            }
            for (Map.Entry<FileKind, List<RemoteFile>> entry : remote.entrySet()) {
                int count = entry.getValue().size();
                log.info("Bitrise app {} has {} {}{}", config.appSlug(), count, entry.getKey().displayName(),
                        count == 1 ? "" : "s");
            }

            // Plan, then execute.
            DesiredFlags desired = new DesiredFlags(config.isExpose(), config.isProtected(),
                    config.certificatePassword(), config.certificatePasswords());
            List<FilePlan> plan = Planner.plan(inspections, remote, desired, config.verifyRemote());
            List<RemoteFile> pruneList = config.prune()
                    ? Planner.pruneCandidates(plan, remote, syncedKinds, config.pruneProtected()) : List.of();
            if (config.prune()) {
                logPrunePlan(pruneList, remote, syncedKinds, config, log);
            }
            List<FileResult> results;
            List<PruneResult> pruned = List.of();
            if (config.dryRun()) {
                log.info("Dry run: the plan below changes nothing");
                results = SyncExecutor.dryRun(plan, config.replaceChanged());
            } else {
                results = new SyncExecutor(api, desired, config.replaceChanged(), config.parallelUploads(),
                        config.keystore()).execute(plan);
                pruned = prune(api, pruneList, results, log);
            }

            // Export.
            boolean exported = export(config, platform, results, scan, pruned, log);
            long failed = results.stream().filter(FileResult::unsuccessful).count();
            ResultTable.lines(results).forEach(line -> log.info(line));
            summarize(results, log);
            if (platform == CiPlatform.GITHUB_ACTIONS) {
                annotateFailures(results);
            }
            if (failed > 0) {
                log.error("{} of {} files were rejected or failed to sync; the log above says why for each. Fix the"
                        + " cause and run the sync again: files already synced are not uploaded twice", failed,
                        results.size());
                return ExitCode.SYNC_FAILED;
            }
            return exported ? ExitCode.OK : ExitCode.SYNC_FAILED;
        }
    }

    /**
     * Returns the kinds this run keeps in step: profiles and certificates always, generic files when
     * included, keystores when the folder has one. Prune touches only these.
     */
    private static Set<FileKind> syncedKinds(Configuration config, ScanResult scan) {
        Set<FileKind> kinds = EnumSet.of(FileKind.PROVISIONING_PROFILE, FileKind.BUILD_CERTIFICATE);
        if (config.includeGenericFiles()) {
            kinds.add(FileKind.GENERIC_PROJECT_FILE);
        }
        if (scan.files().stream().anyMatch(file -> file.kind() == FileKind.ANDROID_KEYSTORE)) {
            kinds.add(FileKind.ANDROID_KEYSTORE);
        }
        return kinds;
    }

    /**
     * Lists the kinds of the local files (all synced kinds when pruning), and the keystores along
     * with generic files, because keystore records also appear in the generic list.
     */
    static List<FileKind> kindsToList(ScanResult scan, Set<FileKind> syncedKinds, boolean prune) {
        Set<FileKind> listed = EnumSet.noneOf(FileKind.class);
        scan.files().forEach(file -> listed.add(file.kind()));
        if (prune) {
            listed.addAll(syncedKinds);
        }
        if (listed.contains(FileKind.GENERIC_PROJECT_FILE)) {
            listed.add(FileKind.ANDROID_KEYSTORE);
        }
        return List.copyOf(listed);
    }

    /** Bitrise stores a keystore as a generic file too; that record is the keystore, not a second file. */
    static Map<FileKind, List<RemoteFile>> withoutKeystoresInGenericList(Map<FileKind, List<RemoteFile>> remote) {
        List<RemoteFile> generic = remote.get(FileKind.GENERIC_PROJECT_FILE);
        if (generic == null) {
            return remote;
        }
        Set<String> keystores = remote.getOrDefault(FileKind.ANDROID_KEYSTORE, List.of()).stream()
                .map(RemoteFile::slug).collect(Collectors.toSet());
        Map<FileKind, List<RemoteFile>> result = new EnumMap<>(remote);
        result.put(FileKind.GENERIC_PROJECT_FILE,
                generic.stream().filter(record -> !keystores.contains(record.slug())).toList());
        return result;
    }

    private static void logPrunePlan(List<RemoteFile> pruneList, Map<FileKind, List<RemoteFile>> remote,
            Set<FileKind> syncedKinds, Configuration config, Logger log) {
        if (pruneList.isEmpty()) {
            log.info("Prune: every file of the synced kinds on Bitrise has a local file; nothing to delete");
        }
        for (RemoteFile record : pruneList) {
            log.info("Prune: {} {} {} ({}), which has no local file, once every upload succeeded",
                    config.dryRun() ? "would delete" : "will delete", record.kind().displayName(),
                    record.uploadFileName(), record.slug());
        }
        if (!config.pruneProtected()) {
            for (FileKind kind : syncedKinds) {
                remote.getOrDefault(kind, List.of()).stream()
                        .filter(RemoteFile::isProtected)
                        .filter(record -> !pruneList.contains(record))
                        .forEach(record -> log.info("Prune: keeps protected {} {} ({}); prune_protected: yes"
                                + " deletes protected files too", kind.displayName(), record.uploadFileName(),
                                record.slug()));
            }
        }
    }

    /** Deletes the prune list, but only when every file synced: a failed run must not lose remote files. */
    private static List<PruneResult> prune(BitriseApi api, List<RemoteFile> pruneList, List<FileResult> results,
            Logger log) {
        if (pruneList.isEmpty()) {
            return List.of();
        }
        long unsuccessful = results.stream().filter(FileResult::unsuccessful).count();
        if (unsuccessful > 0) {
            log.warn("Prune skipped: {} files were rejected or failed, and prune deletes nothing in such a run",
                    unsuccessful);
            return pruneList.stream().map(record -> new PruneResult(record, false, "skipped: the run had a failure"))
                    .toList();
        }
        List<PruneResult> pruned = new ArrayList<>();
        for (RemoteFile record : pruneList) {
            try {
                api.delete(record.kind(), record.slug());
                log.info("Pruned {} {} ({})", record.kind().displayName(), record.uploadFileName(), record.slug());
                pruned.add(new PruneResult(record, true, ""));
            } catch (ApiException e) {
                log.error("Pruning {} {} ({}) failed: {}", record.kind().displayName(), record.uploadFileName(),
                        record.slug(), e.getMessage());
                pruned.add(new PruneResult(record, false, e.getMessage()));
            }
        }
        return pruned;
    }

    static Map<FileKind, CompletableFuture<List<RemoteFile>>> startListing(BitriseApi api,
            List<FileKind> kinds, ExecutorService pool) {
        // A pool of its own: the common pool has a single thread on a 2-core CI machine.
        Map<FileKind, CompletableFuture<List<RemoteFile>>> pending = new EnumMap<>(FileKind.class);
        for (FileKind kind : kinds) {
            pending.put(kind, CompletableFuture.supplyAsync(() -> api.list(kind), pool));
        }
        return pending;
    }

    static Map<FileKind, List<RemoteFile>> awaitListing(
            Map<FileKind, CompletableFuture<List<RemoteFile>>> pending) {
        // The first failure ends the wait, so a rejected token is reported while a slow list still runs.
        CompletableFuture<?>[] lists = pending.values().toArray(new CompletableFuture<?>[0]);
        CompletableFuture<Object> firstFailure = new CompletableFuture<>();
        for (CompletableFuture<?> list : lists) {
            list.whenComplete((records, error) -> {
                if (error != null) {
                    firstFailure.completeExceptionally(error);
                }
            });
        }
        Map<FileKind, List<RemoteFile>> remote = new EnumMap<>(FileKind.class);
        try {
            CompletableFuture.anyOf(CompletableFuture.allOf(lists), firstFailure).join();
            pending.forEach((kind, list) -> remote.put(kind, list.join()));
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiException apiException) {
                throw apiException;
            }
            throw e;
        }
        return remote;
    }

    private static java.util.concurrent.Executor daemonExecutor(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    /** A certificate_passwords entry that names no .p12 is most likely a typo in the file name. */
    private static void warnAboutUnusedPasswords(Configuration config, ScanResult scan, Logger log) {
        Set<String> certificates = scan.files().stream()
                .filter(file -> file.kind() == FileKind.BUILD_CERTIFICATE)
                .map(file -> file.remoteName())
                .collect(Collectors.toSet());
        for (String name : config.certificatePasswords().keySet()) {
            if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".p12") && !certificates.contains(name)) {
                log.warn("certificate_passwords has an entry for '{}', but the folder has no .p12 of that name;"
                        + " check the spelling (names are compared exactly, in Unicode NFC)", name);
            }
        }
    }

    private OutputTargets targets(Configuration config, CiPlatform platform) {
        return new OutputTargets(config, platform, environment, workingDirectory, out);
    }

    /** Registers the raw secret values with the log filter and, on GitHub, with ::add-mask::. */
    private void maskSecrets(ConfigurationLoader loader, CommandLine commandLine) {
        List<String> secrets = loader.secretValues(commandLine);
        if (CiPlatform.detect(environment) == CiPlatform.GITHUB_ACTIONS || loader.onGitHubActions()) {
            GitHubCommands github = new GitHubCommands(out);
            secrets.forEach(github::addMask);
        }
        secrets.forEach(redactor::addSecret);
    }

    private static CommandLine emptyCommandLine() {
        try {
            return CommandLineOptions.parse(new String[0]);
        } catch (ConfigurationException e) {
            throw new IllegalStateException("no arguments always parse", e);
        }
    }

    private int reportBadConfiguration(ConfigurationException e) {
        Logging.configure(false);
        Logger log = LoggerFactory.getLogger(SigningSync.class);
        boolean onGitHub = CiPlatform.detect(environment) == CiPlatform.GITHUB_ACTIONS
                || "true".equals(environment.get("GITHUB_ACTIONS"));
        for (String problem : e.problems()) {
            log.error("Invalid configuration: {}", problem);
            if (onGitHub) {
                // The annotation shows the problem on the run's summary page, not only in the log.
                new GitHubCommands(out).error(null, "signing-sync: invalid configuration", redactor.redact(problem));
            }
        }
        return ExitCode.BAD_CONFIGURATION;
    }

    /** Exports the outputs and writes the report; returns false when any of it failed. */
    private boolean export(Configuration config, CiPlatform platform, List<FileResult> results, ScanResult scan,
            List<PruneResult> pruned, Logger log) {
        boolean ok = true;
        Path reportFile = targets(config, platform).reportFile();
        try {
            new ReportWriter(redactor::redact).writeJson(reportFile, config.appSlug(), config.dryRun(), results,
                    scan.skipped(), pruned);
            log.info("Wrote the report to {}", reportFile);
        } catch (IOException e) {
            log.error("Writing the report to {} failed ({}); pass --report-file with a writable path", reportFile,
                    e.getMessage());
            ok = false;
        }
        if (platform == CiPlatform.GITHUB_ACTIONS) {
            ok &= writeStepSummary(config, results, log);
        }
        if (config.dryRun()) {
            log.info("Dry run: no outputs exported");
            return ok;
        }

        Map<OutputName, String> outputs = new LinkedHashMap<>();
        outputs.put(OutputName.PROVISIONING_PROFILE_SLUGS, slugs(results, FileKind.PROVISIONING_PROFILE));
        outputs.put(OutputName.BUILD_CERTIFICATE_SLUGS, slugs(results, FileKind.BUILD_CERTIFICATE));
        outputs.put(OutputName.GENERIC_PROJECT_FILE_SLUGS, slugs(results, FileKind.GENERIC_PROJECT_FILE));
        outputs.put(OutputName.GENERIC_PROJECT_FILE_ENV_KEYS, joined(results, FileKind.GENERIC_PROJECT_FILE,
                result -> result.file().userEnvKey()));
        outputs.put(OutputName.ANDROID_KEYSTORE_SLUGS, slugs(results, FileKind.ANDROID_KEYSTORE));
        outputs.put(OutputName.PROVISIONING_PROFILE_PATHS, joined(results, FileKind.PROVISIONING_PROFILE,
                result -> result.file().path().toString()));
        outputs.put(OutputName.BUILD_CERTIFICATE_PATHS, joined(results, FileKind.BUILD_CERTIFICATE,
                result -> result.file().path().toString()));
        outputs.put(OutputName.GENERIC_PROJECT_FILE_PATHS, joined(results, FileKind.GENERIC_PROJECT_FILE,
                result -> result.file().path().toString()));
        outputs.put(OutputName.SIGNING_SYNC_REPORT_PATH, reportFile.toString());
        return targets(config, platform).export(outputs, log) && ok;
    }




    private boolean writeStepSummary(Configuration config, List<FileResult> results, Logger log) {
        String summaryFile = environment.get("GITHUB_STEP_SUMMARY");
        if (summaryFile == null || summaryFile.isEmpty()) {
            return true;
        }
        try {
            Files.writeString(Path.of(summaryFile),
                    redactor.redact(ReportWriter.markdownSummary(config.appSlug(), results, redactor::redact)),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return true;
        } catch (IOException e) {
            log.error("Writing the step summary to {} failed: {}", summaryFile, e.getMessage());
            return false;
        }
    }

    private void annotateFailures(List<FileResult> results) {
        GitHubCommands github = new GitHubCommands(out);
        String workspace = environment.getOrDefault("GITHUB_WORKSPACE", "");
        for (FileResult result : results) {
            if (result.unsuccessful()) {
                Path path = result.file().path();
                String file = !workspace.isEmpty() && path.startsWith(workspace)
                        ? Path.of(workspace).relativize(path).toString() : null;
                // Scrubbed before GitHub's escaping, which would change a secret that contains '%'.
                github.error(file, redactor.redact("signing-sync: " + result.file().remoteName() + " failed"),
                        redactor.redact(result.error()));
            }
        }
    }

    private static String slugs(List<FileResult> results, FileKind kind) {
        return joined(results, kind, FileResult::slug);
    }

    private static String joined(List<FileResult> results, FileKind kind, Function<FileResult, String> value) {
        return results.stream()
                .filter(FileResult::synced)
                .filter(result -> result.file().kind() == kind)
                .map(value)
                .collect(Collectors.joining("|"));
    }

    private static void summarize(List<FileResult> results, Logger log) {
        Map<FileResult.Outcome, Long> counts = results.stream()
                .collect(Collectors.groupingBy(FileResult::outcome, () -> new EnumMap<>(FileResult.Outcome.class),
                        Collectors.counting()));
        String parts = counts.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey().label())
                .collect(Collectors.joining(", "));
        log.info("Summary: {} files: {}", results.size(), parts);
    }

    static String version() {
        String version = SigningSync.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
