package io.signingsync.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeSet;

/**
 * A stand-in for the product jar, used only to test {@link ProductRun} itself: it prints the
 * environment variable names it got, calls envman like a Bitrise step, writes a GitHub output
 * and exits with the code given in STAND_IN_EXIT.
 */
public final class StandInProduct {
    private StandInProduct() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.out.println("env=" + new TreeSet<>(System.getenv().keySet()));
        System.out.println("stdin=" + (System.in.read() == -1 ? "eof" : "data"));
        if (System.getenv("ENVMAN_ENVSTORE_PATH") != null) {
            Process envman = new ProcessBuilder("envman", "add", "--key", "PROVISIONING_PROFILE_SLUGS", "--value", "A|B").start();
            envman.getOutputStream().close();
            System.out.println("envman exit=" + envman.waitFor());
        }
        String githubOutput = System.getenv("GITHUB_OUTPUT");
        if (githubOutput != null) {
            Files.writeString(Path.of(githubOutput), "provisioning-profile-slugs=A|B\nnotes<<EOF\nline 1\nline 2\nEOF\n",
                    StandardOpenOption.APPEND);
        }
        System.err.println("token=" + System.getenv().getOrDefault("bitrise_api_token",
                System.getenv().getOrDefault("INPUT_BITRISE-API-TOKEN", "")));
        System.exit(Integer.parseInt(System.getenv().getOrDefault("STAND_IN_EXIT", "0")));
    }
}
