package io.signingsync.scan;

import io.signingsync.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the signing files in a folder and its subfolders.
 *
 * <p>Hidden files and folders (names starting with a dot) and files of no known kind are passed
 * over. Everything that would make an upload wrong is a {@link ConfigurationException}, raised
 * before any request: two files with the same remote name, an empty or unreadable file, and a
 * symbolic link that leads out of the folder.
 */
public final class FolderScanner {

    public ScanResult scan(Path folder) throws ConfigurationException {
        return scan(folder, false);
    }

    /** @param includeGenericFiles take files of no known kind as generic project files instead of skipping them */
    public ScanResult scan(Path folder, boolean includeGenericFiles) throws ConfigurationException {
        Path root;
        try {
            root = folder.toRealPath();
        } catch (IOException e) {
            throw new ConfigurationException("signing_files_dir '" + folder + "' cannot be read ("
                    + e.getClass().getSimpleName() + "); check that it exists and is readable");
        }
        Walker walker = new Walker(root, includeGenericFiles);
        try {
            Files.walkFileTree(root, walker);
        } catch (IOException e) {
            walker.problems.add("signing_files_dir '" + folder + "' cannot be scanned (" + e.getMessage()
                    + "); check its permissions");
        }
        List<LocalFile> files = new ArrayList<>();
        for (Map.Entry<Path, FileKind> candidate : walker.candidates.entrySet()) {
            readFile(root, candidate.getKey(), candidate.getValue(), walker.problems).ifPresent(files::add);
        }
        reportDuplicateNames(files, walker.problems);
        reportDuplicateEnvKeys(files, walker.problems);
        if (!walker.problems.isEmpty()) {
            throw new ConfigurationException(walker.problems);
        }
        files.sort(Comparator.comparing(LocalFile::remoteName).thenComparing(LocalFile::displayPath));
        return new ScanResult(files, walker.skipped);
    }

    private static Optional<LocalFile> readFile(Path root, Path path, FileKind kind, List<String> problems) {
        String displayPath = root.relativize(path).toString();
        String name = Normalizer.normalize(path.getFileName().toString(), Normalizer.Form.NFC);
        if (name.indexOf('\uFFFD') >= 0) {
            // Java decodes file names with the locale's charset; without a UTF-8 locale, non-ASCII
            // letters turn into U+FFFD and the file would be uploaded under a garbled name.
            problems.add("the name of '" + displayPath + "' cannot be decoded with the file-name encoding "
                    + System.getProperty("sun.jnu.encoding") + "; run with a UTF-8 locale, for example LANG=C.UTF-8");
            return Optional.empty();
        }
        if (name.indexOf('|') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            // Outputs list files separated by | and one per line, so such a name would corrupt them.
            problems.add("the name of '" + displayPath.replaceAll("\\p{Cntrl}", "?") + "' contains '|' or a"
                    + " control character such as a line break; rename the file");
            return Optional.empty();
        }
        try {
            long size = Files.size(path);
            if (size == 0) {
                problems.add("'" + displayPath + "' is empty (0 bytes); replace it with the real "
                        + kind.displayName() + " or remove it from the folder");
                return Optional.empty();
            }
            String sha256 = sha256(path);
            return Optional.of(new LocalFile(path, displayPath, name, kind, size, sha256));
        } catch (IOException e) {
            problems.add("'" + displayPath + "' cannot be read (" + e.getClass().getSimpleName()
                    + "); check its permissions or remove it from the folder");
            return Optional.empty();
        }
    }

    private static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void reportDuplicateNames(List<LocalFile> files, List<String> problems) {
        Map<String, List<LocalFile>> byName = new LinkedHashMap<>();
        for (LocalFile file : files) {
            byName.computeIfAbsent(file.kind() + "/" + file.remoteName(), key -> new ArrayList<>()).add(file);
        }
        for (List<LocalFile> sameName : byName.values()) {
            if (sameName.size() > 1) {
                List<String> paths = sameName.stream().map(file -> "'" + file.displayPath() + "'").toList();
                problems.add(String.join(" and ", paths) + " would both be uploaded as '"
                        + sameName.get(0).remoteName() + "'; rename or remove all but one");
            }
        }
    }

    /** Generic files build into env keys such as BITRISEIO_<KEY>_URL, so two files must not share a key. */
    private static void reportDuplicateEnvKeys(List<LocalFile> files, List<String> problems) {
        Map<String, List<LocalFile>> byKey = new LinkedHashMap<>();
        for (LocalFile file : files) {
            if (file.userEnvKey() != null) {
                byKey.computeIfAbsent(file.userEnvKey(), key -> new ArrayList<>()).add(file);
            }
        }
        for (Map.Entry<String, List<LocalFile>> sameKey : byKey.entrySet()) {
            List<String> names = sameKey.getValue().stream().map(LocalFile::remoteName).distinct().toList();
            if (names.size() > 1) {
                List<String> paths = sameKey.getValue().stream().map(file -> "'" + file.displayPath() + "'").toList();
                problems.add(String.join(" and ", paths) + " would both be exposed to builds under user_env_key "
                        + sameKey.getKey() + "; rename one so that their names differ in more than punctuation or case");
            }
        }
    }

    private static final class Walker extends SimpleFileVisitor<Path> {
        private final Path root;
        private final boolean includeGenericFiles;
        private final Map<Path, FileKind> candidates = new LinkedHashMap<>();
        private final List<String> skipped = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        Walker(Path root, boolean includeGenericFiles) {
            this.root = root;
            this.includeGenericFiles = includeGenericFiles;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            if (!dir.equals(root) && isHidden(dir)) {
                skipped.add("'" + display(dir) + "/' is a hidden folder");
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (isHidden(file)) {
                skipped.add("'" + display(file) + "' is a hidden file");
                return FileVisitResult.CONTINUE;
            }
            if (attributes.isSymbolicLink() && !acceptSymbolicLink(file)) {
                return FileVisitResult.CONTINUE;
            }
            if (!attributes.isSymbolicLink() && !attributes.isRegularFile()) {
                skipped.add("'" + display(file) + "' is not a regular file");
            } else {
                Optional<FileKind> kind = FileKind.ofFileName(file.getFileName().toString());
                if (kind.isPresent()) {
                    candidates.put(file, kind.get());
                } else if (includeGenericFiles) {
                    candidates.put(file, FileKind.GENERIC_PROJECT_FILE);
                } else {
                    skipped.add("'" + display(file) + "' is not a provisioning profile (.mobileprovision,"
                            + " .provisionprofile), a build certificate (.p12) or an Android keystore (.jks,"
                            + " .keystore); set include_generic_files: yes to upload it as a generic project file");
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            problems.add("'" + display(file) + "' cannot be read (" + e.getClass().getSimpleName()
                    + "); check its permissions or remove it from the folder");
            return FileVisitResult.CONTINUE;
        }

        /** A link may point anywhere inside the folder; a link that leads out of it is refused. */
        private boolean acceptSymbolicLink(Path link) {
            Path target;
            try {
                target = link.toRealPath();
            } catch (IOException e) {
                problems.add("'" + display(link) + "' is a symbolic link whose target cannot be read ("
                        + e.getClass().getSimpleName() + "); fix or remove the link");
                return false;
            }
            if (!target.startsWith(root)) {
                problems.add("'" + display(link) + "' is a symbolic link that leads out of signing_files_dir"
                        + " (to " + target + "); copy the file into the folder instead");
                return false;
            }
            if (Files.isDirectory(target)) {
                skipped.add("'" + display(link) + "' links to a folder inside signing_files_dir, which is"
                        + " scanned directly");
                return false;
            }
            return true;
        }

        private String display(Path path) {
            return root.relativize(path).toString();
        }

        private static boolean isHidden(Path path) {
            return path.getFileName().toString().startsWith(".");
        }
    }
}
