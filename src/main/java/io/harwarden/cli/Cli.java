package io.harwarden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line tools in the daemon's jar (picocli: every command has {@code --help}, typed options and the same
 * one-line errors). Exit codes: 0 success, 1 an I/O or internal failure, 2 bad input or usage, 3 refused by the
 * fail-closed re-scan, 4 the audit chain is broken, 5 triage found what {@code --fail-on} asks about. Every failure
 * prints one line on stderr and leaves no partial output.
 */
public final class Cli {
    private Cli() {
    }

    /** The top command: its subcommands are the tools; alone it prints what they are. */
    @Command(name = "harwarden", mixinStandardHelpOptions = true, versionProvider = Version.class,
            subcommands = {SanitizeCommand.class, TriageCommand.class, EncryptCommand.class, DecryptCommand.class,
                VerifyAuditCommand.class, AddUserCommand.class, CommandLine.HelpCommand.class},
            description = "HAR Warden's tools. Without a command the jar runs the daemon.",
            footer = {"", "Exit codes: 0 ok, 1 I/O failure, 2 bad input or usage, 3 refused by the fail-closed re-scan, "
                + "4 the audit chain is broken, 5 triage found failed calls at or above --fail-on."})
    static final class Tools implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** The jar's version, for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"HAR Warden " + (version == null ? "(development build)" : version)};
        }
    }

    /** Any argument makes a command-line run: the daemon takes none, so a typo never starts it by accident. */
    public static boolean handles(String[] args) {
        return args.length > 0;
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, System.getenv());
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        CommandLine cli = new CommandLine(new Tools(), new Factory(in, out, err, environment));
        cli.setExpandAtFiles(false); // a file named @list.har is a file, not a list of arguments
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, given) -> {
            err.println("harwarden: " + usageError(e));
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, err));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("harwarden: out of memory; raise -Xmx or lower --max-string-length");
            return 1;
        }
    }

    /** A usage error in one line, naming the command's help. */
    private static String usageError(CommandLine.ParameterException e) {
        CommandLine where = e.getCommandLine();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && where.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String suggestion = unmatched.getSuggestions().isEmpty() ? ""
                    : "did you mean " + unmatched.getSuggestions().get(0) + "? ";
            return "unknown command " + unmatched.getUnmatched().get(0) + " (" + suggestion + "the commands: "
                    + String.join(", ", where.getSubcommands().keySet().stream().filter(c -> !c.equals("help"))
                            .toList()) + "; --help for their options); without arguments the daemon starts";
        }
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        String help = where.getParent() == null ? "--help" : where.getCommandName() + " --help";
        return message + " (" + help + " for the options)";
    }

    /** What a command's failure prints, and its exit code. */
    private static int failure(Exception e, PrintStream err) {
        if (e instanceof CliException cli) {
            err.println("harwarden: " + cli.getMessage());
            return cli.exitCode();
        }
        if (e instanceof IOException io) {
            err.println("harwarden: " + ioReason(io));
            return 1;
        }
        err.println("harwarden: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                + e.getMessage().lines().findFirst().orElse("")));
        return 1;
    }

    /** A one-line reason from an I/O exception, without a stack trace. */
    static String ioReason(IOException e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /** Makes each command with the streams and environment of this run. */
    private record Factory(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Object command;
            if (type == SanitizeCommand.class) {
                command = new SanitizeCommand(in, out, err);
            } else if (type == TriageCommand.class) {
                command = new TriageCommand(in, out);
            } else if (type == EncryptCommand.class) {
                command = new EncryptCommand(in, out, err);
            } else if (type == DecryptCommand.class) {
                command = new DecryptCommand(in, out, err, environment);
            } else if (type == VerifyAuditCommand.class) {
                command = new VerifyAuditCommand(out, environment);
            } else if (type == AddUserCommand.class) {
                command = new AddUserCommand(in, err);
            } else {
                return CommandLine.defaultFactory().create(type);
            }
            return type.cast(command);
        }
    }
}
