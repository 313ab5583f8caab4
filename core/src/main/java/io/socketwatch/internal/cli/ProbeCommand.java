package io.socketwatch.internal.cli;

import io.socketwatch.ConnectionProbe;
import io.socketwatch.DurationSyntax;
import io.socketwatch.audit.ProbeReport;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code socketwatch probe URL [--requests N] [--threads N] [--rate R] [--timeout DURATION]}: probes a URL with the
 * JDK HttpClient. Exits 0 when at least one request succeeded, 1 when none did or the probe could not run, 2 on a
 * usage error.
 */
public final class ProbeCommand {

    /** The command's arguments, in one line. */
    public static final String SYNOPSIS = "socketwatch probe URL [--requests N] [--threads N] [--rate R] "
            + "[--timeout DURATION]";

    public static final String USAGE = "usage: " + SYNOPSIS + "\n" + """
              Sends N requests (default 100) to URL (http or https) with the JDK HttpClient, one after another,
              then from --threads threads (default 8), and reports the connections they used, who closed them,
              TIME_WAIT left, and the ephemeral ports that churn would hold at R requests/s (default 100).
              --timeout   how long each connect may take (default 5s); a whole number followed by ms or s
              Exits 1 when no request succeeded, with the reasons the requests failed.
            """;

    private ProbeCommand() {
    }

    /** Runs the command on {@code args}, the arguments after {@code probe}; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        URI uri = null;
        int requests = 100;
        int threads = 8;
        double rate = 100;
        Duration timeout = Duration.ofSeconds(5);
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--requests" -> requests = count(arg, value(args, ++i, arg));
                    case "--threads" -> threads = count(arg, value(args, ++i, arg));
                    case "--rate" -> rate = rate(arg, value(args, ++i, arg));
                    case "--timeout" -> timeout = timeout(arg, value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new UsageException("unknown option '" + arg + "'");
                        }
                        if (uri != null) {
                            throw new UsageException("one URL only, got '" + uri + "' and '" + arg + "'");
                        }
                        uri = url(arg);
                    }
                }
            }
            if (uri == null) {
                throw new UsageException("no URL given");
            }
        } catch (UsageException e) {
            err.print("socketwatch probe: " + e.getMessage() + "\nusage: " + SYNOPSIS + "\n");
            return 2;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .build();
        try {
            ProbeReport report = ConnectionProbe.jdkHttpClient(client).withRequests(requests).withThreads(threads)
                    .run(uri);
            out.print(report.render(rate));
            return report.sequential().successes() + report.concurrent().successes() == 0 ? 1 : 0;
        } catch (IllegalStateException e) {
            err.println("socketwatch probe: " + e.getMessage());
            return 1;
        }
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int count(String option, String value) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(option, value, "expected a whole number, 1 or more");
    }

    private static double rate(String option, String value) {
        try {
            double rate = Double.parseDouble(value.trim());
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(option, value, "expected requests per second, a number above 0, e.g. 100 or 2.5");
    }

    private static Duration timeout(String option, String value) {
        Duration timeout;
        try {
            timeout = DurationSyntax.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(option, value, e.getMessage());
        }
        if (timeout.isZero()) {
            throw invalid(option, value, "a connect timeout must be above 0; expected " + DurationSyntax.ACCEPTED);
        }
        return timeout;
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid("URL", value, "expected an http or https URL with a host, e.g. http://127.0.0.1:8080/");
    }

    private static UsageException invalid(String option, String value, String expected) {
        return new UsageException("invalid value '" + value + "' for " + option + ": " + expected);
    }

    /** A command line the command cannot run: told in one line, with the synopsis, exit status 2. */
    private static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
