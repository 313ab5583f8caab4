package io.socketwatch.internal.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code socketwatch baseline DIR}: prints a baseline of every failure in the report files of {@code DIR}, to be saved
 * as the file {@code socketwatch.baseline.file} names.
 */
public final class BaselineCommand {

    public static final String USAGE = """
            usage: socketwatch baseline DIR > socketwatch-baseline.json
              Prints every failure of the socketwatch-*.json files in DIR (a report directory, default
              target/socketwatch) as a baseline: with socketwatch.baseline.file naming it, those failures are
              reported but fail no test, and new ones fail.
            """;

    private BaselineCommand() {
    }

    /** Runs the command on {@code args}, the arguments after {@code baseline}; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.print(USAGE);
            return 0;
        }
        if (args.size() != 1 || args.get(0).startsWith("-") || !Files.isDirectory(Path.of(args.get(0)))) {
            err.print("socketwatch baseline: expected one report directory\n" + USAGE);
            return 2;
        }
        try {
            List<ReportFile> reports = new ReportDirectory(Path.of(args.get(0))).read();
            if (reports.isEmpty()) {
                err.print("socketwatch baseline: no socketwatch-*.json file in " + args.get(0) + "\n");
                return 1;
            }
            out.print(Baselines.write(reports));
            return 0;
        } catch (MalformedReportException e) {
            err.print("socketwatch baseline: " + e.getMessage() + "\n");
            return 1;
        } catch (IOException e) {
            err.print("socketwatch baseline: " + e + "\n");
            return 1;
        }
    }
}
