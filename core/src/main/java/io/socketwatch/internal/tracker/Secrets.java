package io.socketwatch.internal.tracker;

import java.util.regex.Pattern;

/** Removes secrets from what client libraries were connected to, before socketwatch keeps or shows it. */
final class Secrets {

    /** {@code password=...} and the like in a URL's query or a JDBC URL's properties. */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|apikey|api_key)=)[^&;\\s)]*");
    /** {@code user:password@} in a URL's authority. */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:]*):[^/?#@]*@");

    private Secrets() {
    }

    /** Returns {@code target} with every password replaced by {@code ***}. */
    static String redact(String target) {
        if (target == null) {
            return "unknown";
        }
        String withoutParameters = SECRET_PARAMETER.matcher(target).replaceAll("$1***");
        return USER_INFO_PASSWORD.matcher(withoutParameters).replaceAll("$1:***@");
    }
}
