package io.socketwatch.internal.cli;

import io.socketwatch.internal.hostaudit.AuditCommand;
import io.socketwatch.internal.report.BaselineCommand;
import io.socketwatch.internal.report.ReportCommand;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** socketwatch's command line: {@code socketwatch COMMAND [ARGS]}, one entry point that dispatches to each command. */
public final class Main {

    /** Every command with its arguments; {@code socketwatch COMMAND --help} tells more. */
    static final String USAGE = "usage: socketwatch COMMAND [ARGS]\n\n"
            + "  " + AuditCommand.SYNOPSIS + "\n"
            + "      audits this machine's TCP socket table and settings; --json for one JSON object\n"
            + "  " + ProbeCommand.SYNOPSIS + "\n"
            + "      probes a URL with the JDK HttpClient and reports how it reused its connections\n"
            + "  socketwatch report DIR\n"
            + "      builds a report directory's index.html from its JSON files (forks, CI shards)\n"
            + "  socketwatch baseline DIR\n"
            + "      prints a report directory's failures as a baseline of known failures\n"
            + "  socketwatch help [COMMAND]\n"
            + "      prints this text, or a command's own, as socketwatch COMMAND --help does\n";

    private static final Set<String> HELP = Set.of("help", "-h", "--help");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the command that {@code args} names; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print("socketwatch: no command given\n" + USAGE);
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "audit" -> AuditCommand.run(rest, out, err);
            case "probe" -> ProbeCommand.run(rest, out, err);
            case "report" -> ReportCommand.run(rest, out, err);
            case "baseline" -> BaselineCommand.run(rest, out, err);
            case "help", "-h", "--help" -> {
                if (rest.size() == 1 && !HELP.contains(rest.get(0))) {
                    yield run(List.of(rest.get(0), "--help"), out, err);
                }
                out.print(USAGE);
                yield 0;
            }
            default -> {
                err.print("socketwatch: unknown command '" + args.get(0) + "'\n" + USAGE);
                yield 2;
            }
        };
    }
}
