import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures signing-sync against a running Bitrise API emulator with a fixed latency per request
 * and prints the results as Markdown on stdout (progress goes to stderr). For each folder size
 * it runs the product jar and then the sequential baseline, each twice (a first sync of new
 * files, then a no-op re-run), on a freshly reset app, and counts the requests in the emulator's
 * request log. The product runs with the JVM options that step.sh and the Docker image use (an
 * AppCDS archive, dumped by the warm-up sync, the serial GC and the C1 compiler only), or with
 * none when {@code --jvm default} is given. Then it measures the time from launching the product
 * to its first API request with the JDK's default CDS archive, with no CDS, and with an AppCDS
 * archive dumped by a training sync. The AppCDS runs go once alone and once with the JVM options
 * of step.sh. {@code run.sh} starts the emulator, builds the classpath and passes every option.
 */
public final class Bench {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    private static final int PAGE_LIMIT = 50;
    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final Pattern USER_TIME = Pattern.compile("User time \\(seconds\\): ([0-9.]+)");
    private static final Pattern SYSTEM_TIME = Pattern.compile("System time \\(seconds\\): ([0-9.]+)");

    private final Options options;
    private final Admin admin;
    private final Path workDir;
    private int runCounter;
    private String startupLoadBefore = "n/a";
    /** JVM options of every measured product run: the shipped ones, once the warm-up has dumped the archive. */
    private List<String> productJvmOptions = List.of();

    private Bench(Options options) {
        this.options = options;
        this.admin = new Admin(options.adminUrl);
        this.workDir = options.workDir;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Bench bench = new Bench(options);
        try {
            bench.run();
        } catch (BenchmarkFailedException e) {
            System.err.println("Benchmark failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws IOException, InterruptedException {
        Machine machine = Machine.describe(options.java);
        progress("Warming up the emulator and S3Proxy with one unmeasured sync of " + options.sizes.get(0) + " files");
        resetApp(0);
        Path warmUpArchive = workDir.resolve("signing-sync-warm-up.jsa");
        Files.deleteIfExists(warmUpArchive);
        List<String> warmUpOptions = options.shippedJvm
                ? List.of("-XX:ArchiveClassesAtExit=" + warmUpArchive, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                : List.of();
        runProduct("warm-up", folder(options.sizes.get(0)), warmUpOptions, true);
        if (options.shippedJvm) {
            if (!Files.isRegularFile(warmUpArchive)) {
                throw new BenchmarkFailedException("the warm-up sync wrote no AppCDS archive at " + warmUpArchive
                        + "; run with --jvm default to measure without it");
            }
            productJvmOptions = List.of("-XX:SharedArchiveFile=" + warmUpArchive, "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1");
        }

        List<SizeResult> results = new ArrayList<>();
        for (int size : options.sizes) {
            results.add(measureSize(size));
        }
        List<StartupResult> startup = measureStartup(options.sizes.get(0));
        new Report(options, machine, results, startup, startupLoadBefore, loadAverage()).print(System.out);
    }

    // ---- Measurements ----

    private SizeResult measureSize(int size) throws IOException, InterruptedException {
        Path folder = folder(size);
        FileMix mix = FileMix.of(folder);
        String loadBefore = loadAverage();

        resetApp(options.latencyMillis);
        progress(size + " files: signing-sync, first sync");
        Run syncFirst = runProduct("sync-first-" + size, folder, productJvmOptions, true);
        RequestCounts syncFirstRequests = takeRequests();
        progress(size + " files: signing-sync, no-op re-run");
        Run syncNoop = runProduct("sync-noop-" + size, folder, productJvmOptions, true);
        RequestCounts syncNoopRequests = takeRequests();

        resetApp(options.latencyMillis);
        progress(size + " files: sequential baseline, first sync");
        Run baselineFirst = runBaseline("baseline-first-" + size, folder);
        RequestCounts baselineFirstRequests = takeRequests();
        progress(size + " files: sequential baseline, no-op re-run");
        Run baselineNoop = runBaseline("baseline-noop-" + size, folder);
        RequestCounts baselineNoopRequests = takeRequests();

        return new SizeResult(size, mix, loadBefore, syncFirst, syncFirstRequests, syncNoop, syncNoopRequests,
                baselineFirst, baselineFirstRequests, baselineNoop, baselineNoopRequests);
    }

    /**
     * Measures launch to first API request on no-op syncs of the smallest folder. The AppCDS
     * archive is dumped at the exit of a first sync of that folder, so it contains the classes of
     * the upload path too.
     */
    private List<StartupResult> measureStartup(int size) throws IOException, InterruptedException {
        Path folder = folder(size);
        Path archive = workDir.resolve("signing-sync-app.jsa");
        Files.deleteIfExists(archive);
        resetApp(options.latencyMillis);
        progress("Start-up: training run that dumps an AppCDS archive to " + archive);
        runProduct("appcds-training", folder, List.of("-XX:ArchiveClassesAtExit=" + archive), false);
        takeRequests();
        boolean archiveMade = Files.isRegularFile(archive);

        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("default CDS (the JDK's archive)", List.of());
        variants.put("no CDS (`-Xshare:off`)", List.of("-Xshare:off"));
        if (archiveMade) {
            variants.put("AppCDS (`-XX:SharedArchiveFile`, dumped by `-XX:ArchiveClassesAtExit`)",
                    List.of("-XX:SharedArchiveFile=" + archive));
            variants.put("AppCDS + step.sh options (`-XX:+UseSerialGC -XX:TieredStopAtLevel=1`)",
                    List.of("-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        } else {
            progress("The training run wrote no archive at " + archive + "; AppCDS is left out");
        }

        List<StartupResult> results = new ArrayList<>();
        startupLoadBefore = loadAverage();
        for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
            progress("Start-up: " + options.startupRuns + " runs with " + variant.getKey());
            List<Long> toFirstRequest = new ArrayList<>();
            List<Long> wall = new ArrayList<>();
            for (int i = 1; i <= options.startupRuns; i++) {
                Run run = runProduct("startup", folder, variant.getValue(), false);
                RequestCounts requests = takeRequests();
                toFirstRequest.add(requests.firstApiMillis - run.launchMillis);
                wall.add(run.wallMillis);
            }
            ClassSources sources = classSources(folder, variant.getValue());
            results.add(new StartupResult(variant.getKey(), toFirstRequest, wall, sources));
        }
        return results;
    }

    /** Runs the product once more with class-load logging and counts the classes mapped from a CDS archive. */
    private ClassSources classSources(Path folder, List<String> jvmOptions) throws IOException, InterruptedException {
        Path log = workDir.resolve("class-load-" + (++runCounter) + ".log");
        List<String> withLog = new ArrayList<>(jvmOptions);
        withLog.add("-Xlog:class+load=info:file=" + log);
        runProduct("class-load", folder, withLog, false);
        takeRequests();
        int total = 0;
        int shared = 0;
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains(" source: ")) {
                    total++;
                    if (line.contains("source: shared objects file")) {
                        shared++;
                    }
                }
            }
        }
        return new ClassSources(shared, total);
    }

    // ---- Processes ----

    private Run runProduct(String label, Path folder, List<String> jvmOptions, boolean measureMemory)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(options.java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", options.productJar.toString(),
                "--output-file", workDir.resolve("outputs.env").toString(),
                "--report-file", workDir.resolve("report.json").toString()));
        Map<String, String> environment = baseEnvironment();
        environment.put("bitrise_api_token", options.token);
        environment.put("app_slug", options.appSlug);
        environment.put("api_base_url", options.apiUrl);
        environment.put("signing_files_dir", folder.toString());
        environment.put("certificate_password", options.certificatePassword);
        environment.put("parallel_uploads", Integer.toString(options.parallel));
        return runProcess(label, command, environment, measureMemory);
    }

    private Run runBaseline(String label, Path folder) throws IOException, InterruptedException {
        List<String> command = List.of(options.java, "-cp", options.baselineClasspath, "SequentialBaseline",
                options.apiUrl, options.appSlug, folder.toString());
        Map<String, String> environment = baseEnvironment();
        environment.put("BENCH_API_TOKEN", options.token);
        environment.put("BENCH_CERTIFICATE_PASSWORD", options.certificatePassword);
        return runProcess(label, command, environment, true);
    }

    private static Map<String, String> baseEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", System.getenv().getOrDefault("HOME", "/tmp"));
        environment.put("LANG", "C.UTF-8");
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null) {
            environment.put("JAVA_HOME", javaHome);
        }
        return environment;
    }

    /**
     * Runs a command in a clean environment with stdin closed and its output in a log file. With
     * {@code measureResources} and GNU time available, the command runs under {@code time -v} for
     * its max RSS and CPU time. A failure stops the benchmark.
     */
    private Run runProcess(String label, List<String> command, Map<String, String> environment,
            boolean measureResources) throws IOException, InterruptedException {
        int number = ++runCounter;
        Path log = workDir.resolve(label + "-" + number + ".log");
        Path timeFile = workDir.resolve(label + "-" + number + ".time");
        List<String> fullCommand = new ArrayList<>();
        if (measureResources && options.timeCommand != null) {
            fullCommand.addAll(List.of(options.timeCommand, "-v", "-o", timeFile.toString()));
        }
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);

        long launchMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new BenchmarkFailedException(label + " did not finish within " + RUN_TIMEOUT.toMinutes()
                    + " minutes; its log: " + log);
        }
        long wallMillis = (System.nanoTime() - started) / 1_000_000;
        if (process.exitValue() != 0) {
            throw new BenchmarkFailedException(label + " exited with " + process.exitValue() + "; its log: " + log
                    + "\n" + tail(log, 15));
        }
        if (!Files.isRegularFile(timeFile)) {
            return new Run(launchMillis, wallMillis, -1, -1);
        }
        String resources = Files.readString(timeFile);
        Matcher rss = MAX_RSS.matcher(resources);
        Matcher user = USER_TIME.matcher(resources);
        Matcher system = SYSTEM_TIME.matcher(resources);
        long maxRssKb = rss.find() ? Long.parseLong(rss.group(1)) : -1;
        long cpuMillis = user.find() && system.find()
                ? Math.round((Double.parseDouble(user.group(1)) + Double.parseDouble(system.group(1))) * 1000) : -1;
        return new Run(launchMillis, wallMillis, maxRssKb, cpuMillis);
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    // ---- Emulator ----

    /** Forgets everything on the emulator, registers the app again and sets the latency. */
    private void resetApp(long latencyMillis) throws IOException, InterruptedException {
        admin.send("POST", "/reset", null);
        admin.send("POST", "/apps", "{\"slug\":" + quote(options.appSlug) + ",\"token\":" + quote(options.token) + "}");
        admin.send("PUT", "/config", "{\"latencyMillis\":" + latencyMillis + "}");
    }

    /** Reads and clears the emulator's request log. */
    private RequestCounts takeRequests() throws IOException, InterruptedException {
        JsonNode log = admin.send("GET", "/requests", null);
        admin.send("DELETE", "/requests", null);
        return RequestCounts.of(log);
    }

    /** Returns the machine's 1-minute load average from /proc/loadavg, or "n/a". */
    private static String loadAverage() throws IOException {
        Path file = Path.of("/proc/loadavg");
        return Files.isReadable(file) ? Files.readString(file).split(" ")[0] : "n/a";
    }

    private Path folder(int size) {
        return options.filesRoot.resolve("size-" + size);
    }

    private static String quote(String text) {
        return new ObjectMapper().valueToTree(text).toString();
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

    // ---- Data ----

    /** One process run: launch time (epoch ms), wall time, and max RSS and CPU time, or -1 when not measured. */
    private record Run(long launchMillis, long wallMillis, long maxRssKb, long cpuMillis) {
    }

    /** The number of files of each kind in a folder. */
    record FileMix(int profiles, int certificates) {
        static FileMix of(Path folder) throws IOException {
            int profiles = 0;
            int certificates = 0;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".mobileprovision") || name.endsWith(".provisionprofile")) {
                        profiles++;
                    } else if (name.endsWith(".p12")) {
                        certificates++;
                    }
                }
            }
            return new FileMix(profiles, certificates);
        }

        int files() {
            return profiles + certificates;
        }
    }

    /** Requests of one run, by kind, from the emulator's request log. */
    record RequestCounts(int lists, int creates, int puts, int confirms, int patches, int other,
            long firstApiMillis, long firstCreateMillis, long lastMillis) {

        static RequestCounts of(JsonNode log) {
            int lists = 0;
            int creates = 0;
            int puts = 0;
            int confirms = 0;
            int patches = 0;
            int other = 0;
            long firstApi = Long.MAX_VALUE;
            long firstCreate = -1;
            long last = 0;
            for (JsonNode entry : log) {
                String target = entry.path("target").asText();
                String method = entry.path("method").asText();
                String path = entry.path("path").asText();
                long time = entry.path("timeMillis").asLong();
                last = Math.max(last, time);
                boolean collection = path.endsWith("/provisioning-profiles") || path.endsWith("/build-certificates");
                if (target.equals("api")) {
                    firstApi = Math.min(firstApi, time);
                }
                if (target.equals("s3") && method.equals("PUT")) {
                    puts++;
                } else if (!target.equals("api")) {
                    other++;
                } else if (method.equals("GET") && collection) {
                    lists++;
                } else if (method.equals("POST") && collection) {
                    creates++;
                    firstCreate = firstCreate < 0 ? time : Math.min(firstCreate, time);
                } else if (method.equals("POST") && path.endsWith("/uploaded")) {
                    confirms++;
                } else if (method.equals("PATCH")) {
                    patches++;
                } else {
                    other++;
                }
            }

            if (firstApi == Long.MAX_VALUE) {
                throw new BenchmarkFailedException("the emulator recorded no API request for this run");
            }
            return new RequestCounts(lists, creates, puts, confirms, patches, other, firstApi, firstCreate, last);
        }

        int total() {
            return lists + creates + puts + confirms + patches + other;
        }

        boolean listsOnly() {
            return total() == lists;
        }

        String breakdown() {
            return total() + " (" + lists + "/" + creates + "/" + puts + "/" + confirms + "/" + patches + "/" + other + ")";
        }
    }

    private record SizeResult(int size, FileMix mix, String loadBefore, Run syncFirst, RequestCounts syncFirstRequests, Run syncNoop,
            RequestCounts syncNoopRequests, Run baselineFirst, RequestCounts baselineFirstRequests, Run baselineNoop,
            RequestCounts baselineNoopRequests) {
    }

    private record ClassSources(int shared, int total) {
    }

    private record StartupResult(String variant, List<Long> toFirstRequestMillis, List<Long> wallMillis,
            ClassSources classes) {
    }

    // ---- Minimum requests and the critical-path bound ----

    /** List pages of one kind: ceil(records / 50), at least one. */
    static int pages(int records) {
        return Math.max(1, (records + PAGE_LIMIT - 1) / PAGE_LIMIT);
    }

    /** Round trips of one new profile with the default flags: create, PUT, confirm. */
    static final int PROFILE_ROUND_TRIPS = 3;

    /** Round trips of one new .p12: create, PUT, confirm, and one PATCH when a password is set. */
    static int certificateRoundTrips(boolean withPassword) {
        return withPassword ? 4 : 3;
    }

    /** Requests of a first sync to an empty app: one list per kind, then every file's chain. */
    static int minimumFirstRequests(FileMix mix, boolean withPassword) {
        return (mix.profiles > 0 ? 1 : 0) + (mix.certificates > 0 ? 1 : 0)
                + mix.profiles * PROFILE_ROUND_TRIPS
                + mix.certificates * certificateRoundTrips(withPassword);
    }

    /** Requests of a re-run when every file is on the app with the right flags: the list pages only. */
    static int minimumNoopRequests(FileMix mix) {
        return (mix.profiles > 0 ? pages(mix.profiles) : 0) + (mix.certificates > 0 ? pages(mix.certificates) : 0);
    }

    /**
     * Round trips on the critical path of a first sync with {@code parallel} pipelines: one list
     * (the kinds are listed at the same time), then the upload phase. Each pipeline sends one
     * request at a time, so the phase takes at least ceil(total round trips / parallel), and at
     * least the longest chain of one file.
     */
    static int boundFirstRoundTrips(FileMix mix, boolean withPassword, int parallel) {
        int chains = mix.profiles * PROFILE_ROUND_TRIPS + mix.certificates * certificateRoundTrips(withPassword);
        int longest = mix.certificates > 0 ? certificateRoundTrips(withPassword) : PROFILE_ROUND_TRIPS;
        int upload = Math.max((chains + parallel - 1) / parallel, longest);
        return 1 + upload;
    }

    /** Round trips on the critical path of a no-op re-run: the pages of the kind with more records, in sequence. */
    static int boundNoopRoundTrips(FileMix mix) {
        return Math.max(pages(mix.profiles), pages(mix.certificates));
    }

    // ---- Report ----

    private record Report(Options options, Machine machine, List<SizeResult> results, List<StartupResult> startup,
            String startupLoadBefore, String loadAfter) {

        void print(java.io.PrintStream out) {
            boolean withPassword = !options.certificatePassword.isEmpty();
            long latency = options.latencyMillis;
            out.println("## signing-sync benchmark");
            out.println();
            out.println("- Machine: " + machine.cpus + " CPUs (`nproc`), " + machine.cpuModel + ", "
                    + machine.memory + " RAM, " + machine.os);
            out.println("- JVM: " + machine.java);
            out.println("- Product: " + options.productDescription);
            out.println("- Emulator: " + options.emulatorDescription);
            out.println("- Emulator latency: " + latency + " ms added to every API and S3 request"
                    + " (`PUT /_emulator/config {\"latencyMillis\": " + latency + "}`); parallel_uploads "
                    + options.parallel + "; files: one in ten (at least one) a password-protected .p12,"
                    + " the rest CMS-signed profiles; default flags (is_expose=yes, is_protected=no).");
            out.println("- Runs: " + (options.shippedJvm
                    ? "`java -XX:SharedArchiveFile=… -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar signing-sync.jar`,"
                            + " as step.sh and the Docker image start it; the AppCDS archive was dumped at the exit of"
                            + " the warm-up sync (`--jvm default` measures without these options)."
                    : "`java -jar signing-sync.jar`, default JVM options (`--jvm default`).")
                    + " Baseline: `SequentialBaseline` (JDK HttpClient, one request at a time, no file inspection,"
                    + " default JVM options).");
            out.println("- Wall time: from launching the JVM to its exit, one run each. Requests: counted in"
                    + " `GET /_emulator/requests`. Memory: max RSS from `/usr/bin/time -v`.");
            out.println();

            out.println("### Wall time");
            out.println();
            out.println("| Files | Sync, first | Sync, no-op | Baseline, first | Baseline, no-op"
                    + " | Sync / baseline, first | Sync / baseline, no-op | Bound, first | Sync / bound, first"
                    + " | Bound, no-op | Sync / bound, no-op |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (SizeResult r : results) {
                long boundFirst = boundFirstRoundTrips(r.mix, withPassword, options.parallel) * latency;
                long boundNoop = boundNoopRoundTrips(r.mix) * latency;
                out.println("| " + r.size
                        + " | " + seconds(r.syncFirst.wallMillis)
                        + " | " + seconds(r.syncNoop.wallMillis)
                        + " | " + seconds(r.baselineFirst.wallMillis)
                        + " | " + seconds(r.baselineNoop.wallMillis)
                        + " | " + ratio(r.syncFirst.wallMillis, r.baselineFirst.wallMillis)
                        + " | " + ratio(r.syncNoop.wallMillis, r.baselineNoop.wallMillis)
                        + " | " + seconds(boundFirst) + " (" + boundFirstRoundTrips(r.mix, withPassword, options.parallel)
                        + " RT)"
                        + " | " + ratio(r.syncFirst.wallMillis, boundFirst)
                        + " | " + seconds(boundNoop) + " (" + boundNoopRoundTrips(r.mix) + " RT)"
                        + " | " + ratio(r.syncNoop.wallMillis, boundNoop) + " |");
            }
            out.println();
            out.println("Bound: round trips that cannot overlap (RT) × " + latency + " ms. First sync: one list"
                    + " round trip, because the kinds are listed at the same time. Then max(ceil(sum of the files'"
                    + " chains / " + options.parallel + "), longest chain). A chain is create → PUT → confirm, plus a"
                    + " PATCH for a .p12 with a password. No-op: the list pages of the larger kind, in"
                    + " sequence. The bound leaves out JVM start-up, scanning and inspection, so a sync can"
                    + " never reach 1.00×.");
            out.println();

            out.println("### Requests");
            out.println();
            out.println("Each cell: total (lists/creates/PUTs/confirms/PATCHes/other).");
            out.println();
            out.println("| Files | Sync, first | Minimum, first | Baseline, first | Sync, no-op | Minimum, no-op"
                    + " | Baseline, no-op |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|");
            for (SizeResult r : results) {
                out.println("| " + r.size
                        + " | " + r.syncFirstRequests.breakdown()
                        + " | " + minimumFirstRequests(r.mix, withPassword)
                        + " | " + r.baselineFirstRequests.breakdown()
                        + " | " + r.syncNoopRequests.breakdown()
                        + " | " + minimumNoopRequests(r.mix)
                        + " | " + r.baselineNoopRequests.breakdown() + " |");
            }
            out.println();

            out.println("### Where the time goes, CPU and memory");
            out.println();
            out.println("| Files | Run | Launch → first API request | First request → first create"
                    + " | First → last request received | Last request received → exit | Per round trip | CPU time"
                    + " | Max RSS | Load average |");
            out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (SizeResult r : results) {
                int first = boundFirstRoundTrips(r.mix, withPassword, options.parallel);
                out.println(phaseRow(r.size, "sync, first", r.syncFirst, r.syncFirstRequests, first, r.loadBefore));
                out.println(phaseRow(r.size, "sync, no-op", r.syncNoop, r.syncNoopRequests,
                        boundNoopRoundTrips(r.mix), r.loadBefore));
                out.println(phaseRow(r.size, "baseline, first", r.baselineFirst, r.baselineFirstRequests,
                        r.baselineFirstRequests.total(), r.loadBefore));
                out.println(phaseRow(r.size, "baseline, no-op", r.baselineNoop, r.baselineNoopRequests,
                        r.baselineNoopRequests.total(), r.loadBefore));
            }
            out.println();
            out.println("\"Last request received → exit\" includes the " + latency + " ms latency of that last"
                    + " request. \"First request → first create\": for the product, the lists and the inspection of"
                    + " every file, which run at the same time. \"Per round trip\": first → last request received, divided by the round trips"
                    + " on the critical path minus one (the sync's bound above; every request for the baseline);"
                    + " the latency is " + latency + " ms, the rest is client and emulator work. CPU time: user +"
                    + " system of the measured process only (the emulator and S3Proxy run on the same CPUs). Load"
                    + " average: the 1-minute load of the machine before the size was measured.");
            out.println();

            out.println("### Launch to first API request");
            out.println();
            out.println("No-op sync of " + results.get(0).size + " files, " + options.startupRuns + " runs per row,"
                    + " the product launched directly (no `/usr/bin/time`). The AppCDS archive was dumped at the"
                    + " exit of a first sync of the same folder. 1-minute load average before: "
                    + startupLoadBefore + "; after the whole benchmark: " + loadAfter + ".");
            out.println();
            out.println("| JVM | Median | Min | Max | Median wall time | Classes from a CDS archive |");
            out.println("|---|---:|---:|---:|---:|---:|");
            for (StartupResult s : startup) {
                out.println("| " + s.variant
                        + " | " + seconds(median(s.toFirstRequestMillis))
                        + " | " + seconds(s.toFirstRequestMillis.stream().mapToLong(Long::longValue).min().orElse(0))
                        + " | " + seconds(s.toFirstRequestMillis.stream().mapToLong(Long::longValue).max().orElse(0))
                        + " | " + seconds(median(s.wallMillis))
                        + " | " + s.classes.shared + " of " + s.classes.total + " |");
            }
            out.println();

            printTargets(out, withPassword);
        }

        private void printTargets(java.io.PrintStream out, boolean withPassword) {
            out.println("### Targets");
            out.println();
            SizeResult hundred = results.stream().filter(r -> r.size == 100).findFirst().orElse(null);
            if (hundred == null) {
                out.println("- First sync of 100 files: not measured in this run (add 100 to --sizes).");
            } else {
                double ratio = (double) hundred.syncFirst.wallMillis / hundred.baselineFirst.wallMillis;
                long bound = boundFirstRoundTrips(hundred.mix, withPassword, options.parallel) * options.latencyMillis;
                double toBound = (double) hundred.syncFirst.wallMillis / bound;
                out.println("- First sync of 100 files ≤ 0.35× the sequential baseline: " + verdict(ratio <= 0.35)
                        + " (" + String.format(Locale.ROOT, "%.3f", ratio) + "×: " + seconds(hundred.syncFirst.wallMillis) + " vs "
                        + seconds(hundred.baselineFirst.wallMillis) + ")");
                out.println("- First sync of 100 files within 1.3× of the critical-path bound: "
                        + verdict(toBound <= 1.3) + " (" + String.format(Locale.ROOT, "%.3f", toBound) + "×: " + seconds(hundred.syncFirst.wallMillis)
                        + " vs " + seconds(bound) + ")");
            }
            List<String> noopCounts = results.stream()
                    .map(r -> r.size + " files: " + r.syncNoopRequests.breakdown()).toList();
            boolean listsOnly = results.stream().allMatch(r -> r.syncNoopRequests.listsOnly());
            boolean minimal = results.stream()
                    .allMatch(r -> r.syncNoopRequests.lists == minimumNoopRequests(r.mix));
            out.println("- A no-op re-run sends list requests only: " + verdict(listsOnly)
                    + (minimal ? ", and no more list pages than the minimum" : ", but more list pages than the minimum")
                    + " (" + String.join("; ", noopCounts) + ")");
            for (StartupResult s : startup) {
                if (s.variant.startsWith("no CDS")) {
                    continue;
                }
                long median = median(s.toFirstRequestMillis);
                out.println("- Launch to first request ≤ 0.4 s with " + s.variant + ": " + verdict(median <= 400)
                        + " (median " + seconds(median) + ")");
            }
        }

        private static String phaseRow(int size, String label, Run run, RequestCounts requests,
                int criticalRoundTrips, String loadAverage) {
            long toFirst = requests.firstApiMillis - run.launchMillis;
            long span = requests.lastMillis - requests.firstApiMillis;
            long tail = run.launchMillis + run.wallMillis - requests.lastMillis;
            String perRoundTrip = criticalRoundTrips < 2 ? "n/a" : (span / (criticalRoundTrips - 1)) + " ms";
            String toFirstCreate = requests.firstCreateMillis < 0 ? "n/a"
                    : seconds(requests.firstCreateMillis - requests.firstApiMillis);
            return "| " + size + " | " + label + " | " + seconds(toFirst) + " | " + toFirstCreate
                    + " | " + seconds(span) + " | "
                    + seconds(tail) + " | " + perRoundTrip
                    + " | " + (run.cpuMillis < 0 ? "n/a" : seconds(run.cpuMillis))
                    + " | " + (run.maxRssKb < 0 ? "n/a" : (run.maxRssKb / 1024) + " MiB")
                    + " | " + loadAverage + " |";
        }

        private static String verdict(boolean met) {
            return met ? "**met**" : "**not met**";
        }

        private static String seconds(long millis) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
        }

        private static String ratio(long numerator, long denominator) {
            return format((double) numerator / denominator) + "×";
        }

        private static String format(double value) {
            return String.format(Locale.ROOT, "%.2f", value);
        }

        private static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }

    private record Machine(String cpus, String cpuModel, String memory, String os, String java) {
        /** Describes this machine and the JVM of {@code javaCommand}, which runs the product and the baseline. */
        static Machine describe(String javaCommand) throws IOException, InterruptedException {
            String cpuModel = "unknown CPU";
            String memory = "unknown";
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                cpuModel = Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse(cpuModel);
            }
            Path meminfo = Path.of("/proc/meminfo");
            if (Files.isReadable(meminfo)) {
                memory = Files.readAllLines(meminfo).stream().filter(line -> line.startsWith("MemTotal:"))
                        .map(line -> String.format(Locale.ROOT, "%.1f GiB",
                                Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                        .findFirst().orElse(memory);
            }
            String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
            String java = String.join("; ", output(javaCommand, "-version").lines().limit(2).toList());
            return new Machine(output("nproc"), cpuModel, memory, os, java);
        }

        private static String output(String... command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor();
            return text;
        }
    }

    /** The emulator's admin API (no authentication, JSON). */
    private static final class Admin {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final ObjectMapper json = new ObjectMapper();
        private final String baseUrl;

        Admin(String baseUrl) {
            this.baseUrl = baseUrl.replaceAll("/+$", "");
        }

        JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new BenchmarkFailedException("emulator admin request " + method + " " + path + " returned "
                        + answer.statusCode() + ": " + answer.body());
            }
            return answer.body().isBlank() ? json.createObjectNode() : json.readTree(answer.body());
        }
    }

    private static final class BenchmarkFailedException extends RuntimeException {
        BenchmarkFailedException(String message) {
            super(message);
        }
    }

    /** Command-line options; run.sh passes all of them. */
    private static final class Options {
        String java;
        Path productJar;
        String baselineClasspath;
        String apiUrl;
        String adminUrl;
        String appSlug;
        String token;
        String certificatePassword = "";
        Path filesRoot;
        Path workDir;
        List<Integer> sizes = new ArrayList<>();
        long latencyMillis;
        int parallel;
        int startupRuns;
        boolean shippedJvm;
        String timeCommand;
        String productDescription;
        String emulatorDescription;

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("Option " + args[args.length - 1] + " has no value");
            }
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("Invalid option '" + args[i] + "': expected --NAME VALUE pairs");
                }
                values.put(args[i].substring(2), args[i + 1]);
            }

            Options options = new Options();
            options.java = required(values, "java");
            options.productJar = Path.of(required(values, "product-jar"));
            options.baselineClasspath = required(values, "baseline-classpath");
            options.apiUrl = required(values, "api-url");
            options.adminUrl = required(values, "admin-url");
            options.appSlug = required(values, "app-slug");
            options.token = required(values, "token");
            options.certificatePassword = values.getOrDefault("certificate-password", "");
            options.filesRoot = Path.of(required(values, "files-root"));
            options.workDir = Path.of(required(values, "work-dir"));

            for (String size : required(values, "sizes").split(",")) {
                options.sizes.add(Integer.parseInt(size.strip()));
            }
            options.latencyMillis = Long.parseLong(required(values, "latency-ms"));
            options.parallel = Integer.parseInt(required(values, "parallel"));
            options.startupRuns = Integer.parseInt(required(values, "startup-runs"));
            String jvm = values.getOrDefault("jvm", "step");
            if (!jvm.equals("step") && !jvm.equals("default")) {
                throw new IllegalArgumentException("Invalid --jvm '" + jvm + "': expected step or default");
            }
            options.shippedJvm = jvm.equals("step");

            String time = values.getOrDefault("time-command", "");
            options.timeCommand = time.isEmpty() ? null : time;
            options.productDescription = values.getOrDefault("product-description", "target/signing-sync.jar");
            options.emulatorDescription = values.getOrDefault("emulator-description", "bitrise-emulator.jar");
            return options;
        }

        private static String required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("Missing option --" + name);
            }
            return value;
        }
    }
}
