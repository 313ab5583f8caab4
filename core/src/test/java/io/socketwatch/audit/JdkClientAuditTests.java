package io.socketwatch.audit;

import static io.socketwatch.SocketAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.ClientAudit;
import io.socketwatch.internal.clientaudit.HttpUrlConnectionAudit;
import io.socketwatch.internal.clientaudit.JdkHttpClientAudit;
import io.socketwatch.internal.clientaudit.NetProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JDK's two clients. System-wide settings come from a map here, never from this JVM's properties. */
class JdkClientAuditTests {

    private static final HttpClient GOOD_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final HttpRequest GOOD_REQUEST = HttpRequest.newBuilder(URI.create("http://127.0.0.1/"))
            .timeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> GOOD_SETTINGS = Map.of(
            "jdk.httpclient.keepalive.timeout", "4", "jdk.httpclient.connectionPoolSize", "32");

    private static ClientAuditReport audit(HttpClient client, HttpRequest request, Map<String, String> settings,
                                           int jdk) {
        return JdkHttpClientAudit.audit(client, request, NetProperties.of(settings::get), jdk);
    }

    @Test
    void aWellConfiguredClientAndRequestHaveNoFinding() {
        ClientAuditReport report = audit(GOOD_CLIENT, GOOD_REQUEST, GOOD_SETTINGS, 17);
        assertThat(report).hasNoFindings();
        assertThat(report.notes()).containsExactly("JDK HttpClient: jdk.httpclient.* settings are read once, when "
                + "the JVM first uses an HttpClient; a value set after that has no effect.");
    }

    @Test
    void noConnectTimeoutIsFlagged() {
        ClientAuditReport report = audit(HttpClient.newHttpClient(), GOOD_REQUEST, GOOD_SETTINGS, 17);
        assertThat(Findings.settings(report)).containsExactly("connectTimeout");
        assertThat(Findings.only(report, "connectTimeout").why()).contains("about 130 s");
    }

    @Test
    void aRequestWithoutTimeoutIsFlagged() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
        ClientAuditReport report = audit(GOOD_CLIENT, request, GOOD_SETTINGS, 17);
        assertThat(Findings.settings(report)).containsExactly("HttpRequest.timeout");
        assertThat(Findings.only(report, "HttpRequest.timeout").why()).startsWith("the request waits forever");
    }

    @Test
    void withoutARequestTheReportSaysTheClientCannotTellTheRequestTimeout() {
        ClientAuditReport report = audit(GOOD_CLIENT, null, GOOD_SETTINGS, 17);
        assertThat(report).hasNoFindings();
        assertThat(report.notes()).contains("JDK HttpClient: the request timeout is set per HttpRequest and the "
                + "client cannot tell it; audit a request too with ClientAudit.jdkHttpClient(client, request).");
    }

    @ParameterizedTest(name = "JDK {0} with keepalive.timeout {1}: {2}")
    @CsvSource({"17, , 1200 s (the default on JDK 17)", "25, , ", "25, 120, 120 s", "17, 60, "})
    void keepAliveLongerThanAMinuteIsFlagged(int jdk, String setting, String flaggedValue) {
        Map<String, String> settings = setting == null
                ? Map.of("jdk.httpclient.connectionPoolSize", "32")
                : Map.of("jdk.httpclient.connectionPoolSize", "32", "jdk.httpclient.keepalive.timeout", setting);
        ClientAuditReport report = audit(GOOD_CLIENT, GOOD_REQUEST, settings, jdk);
        if (flaggedValue == null) {
            assertThat(report).hasNoFindings();
        } else {
            assertThat(Findings.only(report, "jdk.httpclient.keepalive.timeout").value()).isEqualTo(flaggedValue);
        }
    }

    @ParameterizedTest(name = "connectionPoolSize {0}: {1} {2}")
    @CsvSource({", INFO, '0 (unbounded, the default)'", "2, WARNING, 2", "5, , "})
    void anUnboundedOrTinyPoolIsFlagged(String setting, Severity severity, String value) {
        Map<String, String> settings = setting == null
                ? Map.of("jdk.httpclient.keepalive.timeout", "4")
                : Map.of("jdk.httpclient.keepalive.timeout", "4", "jdk.httpclient.connectionPoolSize", setting);
        ClientAuditReport report = audit(GOOD_CLIENT, GOOD_REQUEST, settings, 25);
        if (severity == null) {
            assertThat(report).hasNoFindings();
        } else {
            Finding finding = Findings.only(report, "jdk.httpclient.connectionPoolSize");
            assertThat(finding.severity()).isEqualTo(severity);
            assertThat(finding.value()).isEqualTo(value);
        }
    }

    @ParameterizedTest(name = "http.keepAlive={0}, http.maxConnections={1}: {2}")
    @CsvSource({
            "false, 20, http.keepAlive, CRITICAL",
            "true, 20, , ",
            ", , http.maxConnections, INFO",
            ", 2, http.maxConnections, WARNING",
            ", 6, , "})
    void httpUrlConnectionSettings(String keepAlive, String maxConnections, String setting, Severity severity) {
        Map<String, String> settings = new java.util.HashMap<>();
        if (keepAlive != null) {
            settings.put("http.keepAlive", keepAlive);
        }
        if (maxConnections != null) {
            settings.put("http.maxConnections", maxConnections);
        }
        ClientAuditReport report = HttpUrlConnectionAudit.audit(NetProperties.of(settings::get));
        if (setting == null) {
            assertThat(report).hasNoFindings();
        } else {
            assertThat(Findings.settings(report)).containsExactly(setting);
            assertThat(Findings.only(report, setting).severity()).isEqualTo(severity);
        }
    }

    @Test
    void thePublicEntryPointsReadThisJvm() {
        assertThat(ClientAudit.jdkHttpClient(HttpClient.newHttpClient()).findings()).isNotEmpty();
        assertThat(ClientAudit.httpUrlConnection()).isNotNull();
    }
}
