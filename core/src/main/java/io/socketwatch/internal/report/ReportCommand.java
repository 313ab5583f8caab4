package io.socketwatch.internal.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code socketwatch report DIR}: (re)builds {@code DIR/index.html} from every {@code socketwatch-*.json} in
 * {@code DIR}, e.g. after copying the report directories of several CI shards or forks into one.
 */
public final class ReportCommand {

    public static final String USAGE = """
            usage: socketwatch report DIR
              Builds DIR/index.html from every socketwatch-*.json file in DIR (the files of a build's test JVMs,
              default target/socketwatch), for instance after copying the report directories of CI shards into one.
            """;

    private ReportCommand() {
    }

    /** Runs the command on {@code args}, the arguments after {@code report}; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.print(USAGE);
            return 0;
        }
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            err.print("socketwatch report: expected one directory\n" + USAGE);
            return 2;
        }
        Path dir = Path.of(args.get(0));
        if (!Files.isDirectory(dir)) {
            err.print("socketwatch report: " + dir + " is not a directory\n");
            return 2;
        }
        try {
            ReportDirectory reports = new ReportDirectory(dir);
            List<ReportFile> files = reports.read();
            if (files.isEmpty()) {
                err.print("socketwatch report: no socketwatch-*.json file in " + dir + "\n");
                return 1;
            }
            Path index = reports.writeHtml(files);
            out.print("socketwatch report: " + index + " (from " + BuildTotals.plural(files.size(), "file") + ")\n");
            return 0;
        } catch (MalformedReportException e) {
            err.print("socketwatch report: " + e.getMessage() + "\n");
            return 1;
        } catch (IOException e) {
            err.print("socketwatch report: " + e + "\n");
            return 1;
        }
    }
}
