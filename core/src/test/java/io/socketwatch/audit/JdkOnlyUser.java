package io.socketwatch.audit;

import io.socketwatch.ClientAudit;
import java.net.http.HttpClient;
import java.util.function.Supplier;

/** Code a user without OkHttp, Apache HttpClient or HikariCP writes; loaded by {@link OptionalLibrariesTests}. */
public final class JdkOnlyUser implements Supplier<String> {

    @Override
    public String get() {
        return ClientAudit.jdkHttpClient(HttpClient.newHttpClient()) + "" + ClientAudit.httpUrlConnection();
    }
}
