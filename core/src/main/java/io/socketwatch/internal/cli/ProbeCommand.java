package io.socketwatch.internal.cli;

import io.socketwatch.ConnectionProbe;
import io.socketwatch.audit.ProbeReport;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/** {@code socketwatch probe URL [--requests N] [--threads N] [--rate R]}: probes a URL with the JDK HttpClient. */
public final class ProbeCommand {

    public static final String USAGE = """
            usage: socketwatch probe URL [--requests N] [--threads N] [--rate R]
              Sends N requests (default 100) to URL with the JDK HttpClient, one after another, then from
              --threads threads (default 8), and reports the connections they used, who closed them, TIME_WAIT
              left, and the ephemeral ports that churn would hold at R requests/s (default 100).
            """;

    private ProbeCommand() {
    }

    /** Runs the command on {@code args}, the arguments after {@code probe}; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        URI uri = null;
        int requests = 100;
        int threads = 8;
        double rate = 100;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--requests" -> requests = Integer.parseInt(value(args, ++i, arg));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                    case "--rate" -> rate = Double.parseDouble(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("-") || uri != null) {
                            throw new IllegalArgumentException("unknown argument '" + arg + "'");
                        }
                        uri = URI.create(arg);
                    }
                }
            }
            if (uri == null) {
                throw new IllegalArgumentException("no URL given");
            }
            ConnectionProbe probe = ConnectionProbe.jdkHttpClient(HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build())
                    .withRequests(requests).withThreads(threads);
            ProbeReport report = probe.run(uri);
            out.print(report.render(rate));
            return 0;
        } catch (IllegalArgumentException e) {
            err.print("socketwatch probe: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }
}
