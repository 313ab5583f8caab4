package io.socketwatch.internal.cli;

import io.socketwatch.internal.hostaudit.AuditCommand;
import io.socketwatch.internal.report.BaselineCommand;
import io.socketwatch.internal.report.ReportCommand;
import java.io.PrintStream;
import java.util.List;

/** socketwatch's command line: {@code socketwatch COMMAND [ARGS]}, one entry point that dispatches to each command. */
public final class Main {

    static final String USAGE = """
            usage: socketwatch COMMAND [ARGS]
              audit   audits this machine's TCP socket table and settings
              probe   probes a URL and reports how the client reused its connections
              report  builds a report directory's index.html from its JSON files (forks, CI shards)
              baseline  prints a report directory's failures as a baseline of known failures
              help    prints this text; `socketwatch COMMAND --help` prints a command's own
            """;

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
