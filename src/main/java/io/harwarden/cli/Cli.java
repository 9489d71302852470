package io.harwarden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line tools in the daemon's jar. Exit codes: 0 success, 1 an I/O or internal failure, 2 bad input or
 * usage, 3 refused by the fail-closed re-scan, 4 the audit chain is broken, 5 triage found what {@code --fail-on}
 * asks about. Every failure prints one line on stderr and leaves no partial output.
 */
public final class Cli {
    private static final Set<String> COMMANDS = Set.of("sanitize", "triage", "encrypt", "decrypt", "verify-audit",
            "add-user", "help", "--help", "-h");

    private Cli() {
    }

    /** Any argument makes a command-line run: the daemon takes none, so a typo never starts it by accident. */
    public static boolean handles(String[] args) {
        return args.length > 0;
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, System.getenv());
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        if (!COMMANDS.contains(args[0])) {
            err.println("harwarden: unknown command " + args[0] + " (the commands: sanitize, triage, encrypt, decrypt, "
                    + "verify-audit, add-user; --help for their options); without arguments the daemon starts");
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(usage());
            return 0;
        }
        try {
            switch (args[0]) {
                case "sanitize" -> new SanitizeCommand(in, out, err).run(rest);
                case "triage" -> {
                    return new TriageCommand(in, out).run(rest);
                }
                case "encrypt" -> new EncryptCommand(in, out, err).run(rest);
                case "decrypt" -> new DecryptCommand(in, out, err, environment).run(rest);
                case "verify-audit" -> new VerifyAuditCommand(out, environment).run(rest);
                case "add-user" -> new AddUserCommand(in, err).run(rest);
                default -> {
                    out.println(usage());
                    return 0;
                }
            }
            return 0;
        } catch (CliException e) {
            err.println("harwarden: " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            err.println("harwarden: " + ioReason(e));
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("harwarden: out of memory; raise -Xmx or lower --max-string-length");
            return 1;
        } catch (Exception e) {
            err.println("harwarden: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return 1;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: java -jar quarkus-run.jar COMMAND ...",
                "  (no command)   run the HAR Warden daemon",
                "  " + SanitizeCommand.USAGE,
                "  " + TriageCommand.USAGE,
                "  " + EncryptCommand.USAGE,
                "  " + DecryptCommand.USAGE,
                "  " + VerifyAuditCommand.USAGE,
                "  " + AddUserCommand.USAGE,
                "exit codes: 0 ok, 1 I/O failure, 2 bad input or usage, 3 refused by the fail-closed re-scan, "
                        + "4 the audit chain is broken, 5 triage found failed calls at or above --fail-on");
    }

    /** A one-line reason from an I/O exception, without a stack trace. */
    static String ioReason(IOException e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
