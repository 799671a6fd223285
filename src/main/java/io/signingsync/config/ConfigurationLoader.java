package io.signingsync.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import io.signingsync.output.CiPlatform;
import io.signingsync.scan.FileKind;
import org.apache.commons.cli.CommandLine;

/**
 * Turns flags and environment variables into a validated {@link Configuration}.
 *
 * <p>Precedence, for every input: command-line flag, then GitHub's {@code INPUT_<NAME>}, then the
 * Bitrise-style variable named after the key, then the default. Every problem is collected, so
 * one run reports all of them; none of the messages contains a secret.
 */
public final class ConfigurationLoader {

    private static final Pattern APP_SLUG = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String API_PATH_SUFFIX = "/v0.1";

    private final Map<String, String> environment;
    private final Path workingDirectory;

    public ConfigurationLoader(Map<String, String> environment, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    public Configuration load(CommandLine commandLine) throws ConfigurationException {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<Input, String> sources = new EnumMap<>(Input.class);
        Map<Input, String> values = new EnumMap<>(Input.class);
        Set<Input> reported = EnumSet.noneOf(Input.class);
        for (Input input : Input.values()) {
            try {
                RawValue raw = resolve(input, commandLine);
                sources.put(input, raw.source());
                values.put(input, raw.value());
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
                reported.add(input);
                values.put(input, "");
            }
        }

        rejectSecretsInPlainInputs(values, problems, reported);
        Secret token = readToken(values.get(Input.BITRISE_API_TOKEN), problems, warnings);
        String appSlug = readAppSlug(values.get(Input.APP_SLUG), problems);
        Mode mode = readMode(values.get(Input.MODE), problems);
        Path folder = readFolder(values.get(Input.SIGNING_FILES_DIR), mode, problems);
        boolean isProtected = readBoolean(Input.IS_PROTECTED, values, problems);
        boolean isExpose = readBoolean(Input.IS_EXPOSE, values, problems);
        Secret password = readPassword(values.get(Input.CERTIFICATE_PASSWORD), warnings);
        Map<String, Secret> passwords = PasswordList.parse(values.get(Input.CERTIFICATE_PASSWORDS), problems, warnings);
        boolean allowExpired = readBoolean(Input.ALLOW_EXPIRED, values, problems);
        int expiryWarningDays = readDays(values.get(Input.EXPIRY_WARNING_DAYS), problems);
        boolean verifyRemote = readBoolean(Input.VERIFY_REMOTE, values, problems);
        boolean replaceChanged = readBoolean(Input.REPLACE_CHANGED, values, problems);
        boolean includeGenericFiles = readBoolean(Input.INCLUDE_GENERIC_FILES, values, problems);
        KeystoreCredentials keystore = new KeystoreCredentials(
                Secret.of(stripLineBreaks(values.get(Input.KEYSTORE_PASSWORD), Input.KEYSTORE_PASSWORD, warnings)),
                Secret.of(stripLineBreaks(values.get(Input.KEYSTORE_ALIAS), Input.KEYSTORE_ALIAS, warnings)),
                Secret.of(stripLineBreaks(values.get(Input.KEYSTORE_PRIVATE_KEY_PASSWORD),
                        Input.KEYSTORE_PRIVATE_KEY_PASSWORD, warnings)));
        boolean prune = readBoolean(Input.PRUNE, values, problems);
        boolean pruneProtected = readBoolean(Input.PRUNE_PROTECTED, values, problems);
        Set<FileKind> downloadKinds = readKinds(values.get(Input.KINDS), problems);
        boolean overwrite = readBoolean(Input.OVERWRITE, values, problems);
        int parallelUploads = readInteger(Input.PARALLEL_UPLOADS, values.get(Input.PARALLEL_UPLOADS), 1, 16,
                "for example 4", problems);
        URI apiBaseUrl = readApiBaseUrl(values.get(Input.API_BASE_URL), problems);
        boolean dryRun = readBoolean(Input.DRY_RUN, values, problems);
        boolean verbose = readBoolean(Input.VERBOSE, values, problems);
        Path outputFile = readOptionalPath(commandLine, CommandLineOptions.OUTPUT_FILE, problems);
        Path reportFile = readOptionalPath(commandLine, CommandLineOptions.REPORT_FILE, problems);

        // These inputs already have a problem of their own, which "is missing" would only repeat.
        problems.removeIf(problem -> reported.stream()
                .anyMatch(input -> problem.startsWith(input.key() + " is missing")));
        if (!problems.isEmpty()) {
            throw new ConfigurationException(withSources(problems, sources));
        }
        return new Configuration(mode, token, appSlug, folder, isProtected, isExpose, password, passwords, allowExpired,
                expiryWarningDays, verifyRemote, replaceChanged, parallelUploads, includeGenericFiles, keystore, prune,
                pruneProtected, downloadKinds, overwrite, apiBaseUrl,
                dryRun, verbose, outputFile, reportFile, sources, warnings);
    }

    /**
     * Reports a plain input whose value equals a secret input's value, without quoting it, and
     * puts its default in its place so that no later check quotes it either. The value was most
     * likely pasted into the wrong input, and plain values appear in messages and in the log.
     */
    private void rejectSecretsInPlainInputs(Map<Input, String> values, List<String> problems, Set<Input> reported) {
        for (Input secret : Input.values()) {
            String secretValue = values.get(secret).strip();
            if (!secret.secret() || secret == Input.KEYSTORE_ALIAS || secretValue.length() < 3) {
                continue;
            }
            // A weak password can equal a plain input's keyword, such as "yes" or "download", by chance.
            boolean keyword = Booleans.parse(secretValue).isPresent() || secretValue.matches("[0-9]+")
                    || secretValue.equalsIgnoreCase("upload") || secretValue.equalsIgnoreCase("download");
            for (Input plain : Input.values()) {
                if (!keyword && !plain.secret() && values.get(plain).strip().equals(secretValue)) {
                    problems.add(plain.key() + " has the same value as " + secret.key() + ", which is a secret;"
                            + " set " + plain.key() + " to its own value");
                    String defaultValue = plain.defaultValue();
                    values.put(plain, defaultValue.startsWith("$")
                            ? environment.getOrDefault(defaultValue.substring(1), "") : defaultValue);
                    reported.add(plain);
                }
            }
        }
    }

    /**
     * Appends where the value came from to each problem about an input the user set. An input can
     * come from a flag, a GitHub input or a Bitrise variable, and the one that won may be a stale one.
     * Problems about plain defaults and missing values are left as they are.
     */
    static List<String> withSources(List<String> problems, Map<Input, String> sources) {
        List<String> annotated = new ArrayList<>();
        for (String problem : problems) {
            String source = Arrays.stream(Input.values())
                    .filter(input -> problem.startsWith(input.key() + " ")
                            && !problem.startsWith(input.key() + " is missing"))
                    .map(input -> Configuration.describeSource(sources.get(input)))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            annotated.add(source == null ? problem : problem + " (value from " + source + ")");
        }
        return annotated;
    }

    /**
     * Returns the raw values of the secret inputs, each certificate_passwords entry on its own, and
     * the arguments of their {@code --…-file} flags. Used when the configuration is invalid, so that
     * an error that quotes another input's value or an argument still cannot show a secret.
     */
    public List<String> secretValues(CommandLine commandLine) {
        List<String> secrets = new ArrayList<>();
        for (Input input : Input.values()) {
            // keystore_alias is not masked in the log, because aliases are often common words.
            if (!input.secret() || input == Input.KEYSTORE_ALIAS) {
                continue;
            }
            if (commandLine.hasOption(input.flag()) && commandLine.getOptionValue(input.flag()) != null) {
                // The flag's argument should be a path, but may be the secret itself by mistake.
                secrets.add(commandLine.getOptionValue(input.flag()));
            }
            String value;
            try {
                value = resolve(input, commandLine).value();
            } catch (ConfigurationException e) {
                continue;
            }
            secrets.add(value);
            if (input == Input.CERTIFICATE_PASSWORDS) {
                PasswordList.parse(value, new ArrayList<>(), new ArrayList<>())
                        .values().forEach(password -> secrets.add(password.reveal()));
            }
        }
        return secrets;
    }

    /** Whether the program runs as a GitHub Actions step. */
    public boolean onGitHubActions() {
        return "true".equals(environment.get("GITHUB_ACTIONS"));
    }

    private RawValue resolve(Input input, CommandLine commandLine) throws ConfigurationException {
        if (commandLine.hasOption(input.flag())) {
            String flagValue = commandLine.getOptionValue(input.flag());
            if (input.booleanValued() && flagValue == null) {
                return new RawValue("yes", "flag --" + input.flag());
            }
            if (input.secret()) {
                return new RawValue(readSecretFile(input, flagValue), "file given by --" + input.flag());
            }
            if (!flagValue.isEmpty()) {
                return new RawValue(flagValue, "flag --" + input.flag());
            }
        }
        String github = environment.get(input.githubVariable());
        if (github != null && !github.isEmpty()) {
            return new RawValue(github, "env " + input.githubVariable());
        }
        String bitrise = environment.get(input.key());
        if (bitrise != null && !bitrise.isEmpty()) {
            return new RawValue(bitrise, "env " + input.key());
        }
        String defaultValue = input.defaultValue();
        if (defaultValue.startsWith("$")) {
            String variable = defaultValue.substring(1);
            return new RawValue(environment.getOrDefault(variable, ""), "default (" + defaultValue + ")");
        }
        return new RawValue(defaultValue, "default");
    }

    private String readSecretFile(Input input, String fileName) throws ConfigurationException {
        Path file = resolvePath(fileName);
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            // Files written by editors and `echo` end with one line break; it is not part of the secret.
            return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("the file given by --" + input.flag() + " is not UTF-8 text; save the "
                    + input.key() + " in it as UTF-8");
        } catch (IOException | InvalidPathException e) {
            // The path is not printed: a user who passes the secret itself instead of a file would see it here.
            throw new ConfigurationException("the file given by --" + input.flag() + " cannot be read ("
                    + e.getClass().getSimpleName() + "); give the path of a readable file that contains the "
                    + input.key() + ", or set the " + input.key() + " variable instead of the flag");
        }
    }

    private Secret readToken(String value, List<String> problems, List<String> warnings) {
        String token = value.strip();
        if (token.isEmpty()) {
            problems.add("bitrise_api_token is missing; set it to a Bitrise personal access token or workspace"
                    + " API token, passed as a secret: the bitrise_api_token variable on Bitrise, the"
                    + " bitrise-api-token input on GitHub, or --bitrise-api-token-file FILE on the command line");
            return Secret.empty();
        }
        if (!token.equals(value)) {
            warnings.add("bitrise_api_token has leading or trailing whitespace, which was removed");
        }
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            problems.add("bitrise_api_token contains whitespace or control characters; set it to the token"
                    + " exactly as Bitrise shows it");
        }
        return Secret.of(token);
    }

    private String readAppSlug(String value, List<String> problems) {
        String slug = value.strip();
        if (slug.isEmpty()) {
            problems.add("app_slug is missing; set it to the app's slug (the last part of its URL on"
                    + " app.bitrise.io); on Bitrise it defaults to $BITRISE_APP_SLUG");
        } else if (!APP_SLUG.matcher(slug).matches()) {
            problems.add("app_slug '" + slug + "' is not a valid app slug; use only letters, digits, '-' and '_',"
                    + " as in the app's URL on app.bitrise.io");
        }
        return slug;
    }

    /** Download mode creates a missing folder; upload mode needs an existing, readable one. */
    private Path readFolder(String value, Mode mode, List<String> problems) {
        String text = value.strip();
        if (text.isEmpty()) {
            problems.add("signing_files_dir is missing; set it to the folder that holds your signing files");
            return null;
        }
        Path folder;
        try {
            folder = resolveFolder(text);
        } catch (InvalidPathException e) {
            problems.add("signing_files_dir '" + text + "' is not a valid path (" + e.getReason()
                    + "); set it to the folder that holds your signing files. A path with non-ASCII characters"
                    + " also needs a UTF-8 locale, for example LANG=C.UTF-8");
            return null;
        }
        String outputPath = pathInOutputs(folder).toString();
        if (outputPath.contains("|") || outputPath.contains("\n") || outputPath.contains("\r")) {
            String printable = outputPath.replace("\n", "\\n").replace("\r", "\\r");
            problems.add("signing_files_dir '" + printable + "' contains"
                    + " '|' or a line break, which the |-separated path outputs cannot hold; rename the folder or"
                    + " move the files to one without them");
            return null;
        }
        if (!Files.exists(folder) && mode == Mode.DOWNLOAD) {
            return folder;
        }
        if (!Files.exists(folder)) {
            problems.add("signing_files_dir '" + text + "' does not exist (resolved to " + folder
                    + "); create it or fix the path");
        } else if (!Files.isDirectory(folder)) {
            problems.add("signing_files_dir '" + text + "' is a file, not a folder; set it to the folder"
                    + " that holds the file");
        } else if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            problems.add("signing_files_dir '" + text + "' cannot be read; check its permissions");
        }
        return folder;
    }

    /** On GitHub a relative folder is relative to the workspace, which is not the container's working directory. */
    /**
     * Returns the folder as the path outputs will show it: with symbolic links resolved, as the
     * scan resolves them, and on GitHub relative to the workspace when it is inside it.
     */
    private Path pathInOutputs(Path folder) {
        Path resolved = realPathOrSelf(folder);
        String workspace = environment.get("GITHUB_WORKSPACE");
        if (CiPlatform.detect(environment) == CiPlatform.GITHUB_ACTIONS && workspace != null && !workspace.isEmpty()) {
            Path root = Path.of(workspace).toAbsolutePath().normalize();
            for (Path candidate : List.of(root, realPathOrSelf(root))) {
                if (resolved.startsWith(candidate)) {
                    return candidate.relativize(resolved);
                }
            }
        }
        return resolved;
    }

    private static Path realPathOrSelf(Path path) {
        try {
            return Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }

    private Path resolveFolder(String text) {
        Path path = Path.of(text);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        String workspace = environment.get("GITHUB_WORKSPACE");
        if (onGitHubActions() && workspace != null && !workspace.isEmpty()) {
            return Path.of(workspace).resolve(path).toAbsolutePath().normalize();
        }
        return workingDirectory.resolve(path).toAbsolutePath().normalize();
    }

    private Path resolvePath(String text) {
        return workingDirectory.resolve(Path.of(text)).toAbsolutePath().normalize();
    }

    private boolean readBoolean(Input input, Map<Input, String> values, List<String> problems) {
        String text = values.get(input);
        return Booleans.parse(text).orElseGet(() -> {
            problems.add(input.key() + " '" + text + "' is not a boolean; use yes or no (true/false, y/n and 1/0"
                    + " also work)");
            return false;
        });
    }

    private static int readDays(String value, List<String> problems) {
        return readInteger(Input.EXPIRY_WARNING_DAYS, value, 0, 3650, "for example 30", problems);
    }

    private static int readInteger(Input input, String value, int min, int max, String example,
            List<String> problems) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        problems.add(input.key() + " '" + value + "' is not a whole number from " + min + " to " + max + "; use "
                + example);
        return min;
    }

    private static Mode readMode(String value, List<String> problems) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "upload" -> Mode.UPLOAD;
            case "download" -> Mode.DOWNLOAD;
            default -> {
                problems.add("mode '" + value + "' is not upload or download; use upload to send the folder to"
                        + " Bitrise or download to fetch the app's files");
                yield Mode.UPLOAD;
            }
        };
    }

    /** Reads the kinds download mode fetches; keystores are not among them, as their passwords stay on Bitrise. */
    private static Set<FileKind> readKinds(String value, List<String> problems) {
        Set<FileKind> kinds = EnumSet.noneOf(FileKind.class);
        for (String name : value.split("[,|\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            Optional<FileKind> kind = FileKind.ofApiCollection(name.toLowerCase(Locale.ROOT));
            if (kind.isEmpty() || kind.get() == FileKind.ANDROID_KEYSTORE) {
                problems.add("kinds names '" + name + "', which is not provisioning-profiles, build-certificates or"
                        + " generic-project-files; list some of those, separated by commas");
            } else {
                kinds.add(kind.get());
            }
        }
        if (kinds.isEmpty() && problems.stream().noneMatch(problem -> problem.startsWith("kinds"))) {
            problems.add("kinds is empty; list provisioning-profiles, build-certificates or generic-project-files");
        }
        return kinds;
    }

    private static String stripLineBreaks(String value, Input input, List<String> warnings) {
        String stripped = value;
        while (stripped.endsWith("\n") || stripped.endsWith("\r")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        if (!stripped.equals(value)) {
            warnings.add(input.key() + " ends with a line break, probably copied from a secrets store; the line"
                    + " break was removed");
        }
        return stripped;
    }

    private Secret readPassword(String value, List<String> warnings) {
        String password = value;
        // Secrets stores and `echo` often add a line break that is not part of the password.
        while (password.endsWith("\n") || password.endsWith("\r")) {
            password = password.substring(0, password.length() - 1);
        }
        if (!password.equals(value)) {
            warnings.add("certificate_password ends with a line break, probably copied from a secrets store;"
                    + " the line break was removed");
        }
        return Secret.of(password);
    }

    private URI readApiBaseUrl(String value, List<String> problems) {
        String text = value.strip();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        String fix = "; use the API root, for example https://api.bitrise.io/v0.1";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.add("api_base_url '" + value + "' is not a valid URL (" + e.getReason() + ")" + fix);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            problems.add("api_base_url '" + value + "' is not an http or https URL with a host" + fix);
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("api_base_url must not contain credentials (user:password@); the token is sent in a"
                    + " header" + fix);
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("api_base_url '" + value + "' must not contain a query or a fragment" + fix);
            return null;
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            problems.add("api_base_url '" + value + "' uses http, which would send the token unencrypted;"
                    + " use https (plain http is allowed only for a loopback host such as 127.0.0.1)");
            return null;
        }
        if (!uri.getRawPath().endsWith(API_PATH_SUFFIX)) {
            problems.add("api_base_url '" + value + "' does not end with " + API_PATH_SUFFIX
                    + "; append " + API_PATH_SUFFIX + fix);
            return null;
        }
        return uri;
    }

    /** True for localhost and loopback IP literals; never resolves a name through DNS. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean ipLiteral = bare.matches("[0-9.]+") || bare.contains(":");
        if (!ipLiteral) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Path readOptionalPath(CommandLine commandLine, String flag, List<String> problems) {
        String text = commandLine.getOptionValue(flag);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return resolvePath(text.strip());
        } catch (InvalidPathException e) {
            problems.add("--" + flag + " '" + text + "' is not a valid path (" + e.getReason() + ")");
            return null;
        }
    }

    private record RawValue(String value, String source) {
    }
}
