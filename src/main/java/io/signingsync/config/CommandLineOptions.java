package io.signingsync.config;

import java.io.PrintWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/** The command-line flags: one per {@link Input}, plus the options that only make sense on a command line. */
public final class CommandLineOptions {

    public static final String OUTPUT_FILE = "output-file";
    public static final String REPORT_FILE = "report-file";
    public static final String HELP = "help";
    public static final String VERSION = "version";

    private CommandLineOptions() {
    }

    public static Options options() {
        Options options = new Options();
        for (Input input : Input.values()) {
            Option.Builder option = Option.builder().longOpt(input.flag()).hasArg();
            if (input.booleanValued()) {
                option.optionalArg(true).argName("yes|no").desc(input.description() + " Default: "
                        + input.defaultValue() + ". The flag alone means yes.");
            } else if (input.secret()) {
                option.argName("file").desc(input.description()
                        + " Read from this file (a trailing line break is ignored), never from the command line.");
            } else {
                option.argName(input == Input.API_BASE_URL ? "url" : "value").desc(input.description()
                        + (input.defaultValue().isEmpty() ? "" : " Default: " + input.defaultValue() + "."));
            }
            options.addOption(option.build());
        }
        options.addOption(Option.builder().longOpt(OUTPUT_FILE).hasArg().argName("file")
                .desc("Outside Bitrise and GitHub Actions, write the outputs to this dotenv file instead of stdout.")
                .build());
        options.addOption(Option.builder().longOpt(REPORT_FILE).hasArg().argName("file")
                .desc("Write the JSON report here. Default: $BITRISE_DEPLOY_DIR on Bitrise, $GITHUB_WORKSPACE on GitHub,"
                        + " else the current folder; the file is signing-sync-report.json.")
                .build());
        options.addOption(Option.builder("h").longOpt(HELP).desc("Print this help and exit.").build());
        options.addOption(Option.builder().longOpt(VERSION).desc("Print the version and exit.").build());
        return options;
    }

    /** Parses the arguments; an unknown flag or a stray argument is a configuration error. */
    public static CommandLine parse(String[] args) throws ConfigurationException {
        CommandLine commandLine;
        try {
            commandLine = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options(), args);
        } catch (UnrecognizedOptionException e) {
            // The message of commons-cli quotes the whole argument, which may be "--flag=SECRET".
            String flag = e.getOption().split("=", 2)[0];
            throw new ConfigurationException("unknown flag " + flag + secretHint(flag)
                    + "; run with --help to list the flags");
        } catch (ParseException e) {
            throw new ConfigurationException(e.getMessage() + "; run with --help to list the flags");
        }
        if (!commandLine.getArgList().isEmpty()) {
            throw new ConfigurationException("unexpected argument '" + commandLine.getArgList().get(0)
                    + "': every value is given through a flag or an environment variable; run with --help");
        }
        return commandLine;
    }

    private static String secretHint(String flag) {
        for (Input input : Input.values()) {
            if (input.secret() && flag.equals("--" + input.githubName())) {
                return " (secrets are never read from the command line, which process lists show; put the value"
                        + " in a file and pass --" + input.flag() + ", or set " + input.key() + " in the environment)";
            }
        }
        return "";
    }

    public static void printHelp(PrintWriter out) {
        HelpFormatter formatter = new HelpFormatter();
        formatter.setWidth(100);
        String header = "\nKeeps a Bitrise app's code-signing files in step with a folder.\n"
                + "Every flag can also be given as a Bitrise input (the env var named after the input key,"
                + " for example signing_files_dir) or a GitHub Actions input (INPUT_SIGNING-FILES-DIR).\n\n";
        String footer = "\nExit codes: 0 every file synced, 1 the sync failed, 2 bad configuration.\n";
        formatter.printHelp(out, formatter.getWidth(), "java -jar signing-sync.jar [flags]", header, options(),
                formatter.getLeftPadding(), formatter.getDescPadding(), footer, false);
        out.flush();
    }
}
