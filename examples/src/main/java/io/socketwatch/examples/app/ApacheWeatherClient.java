package io.socketwatch.examples.app;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The right way with Apache HttpClient 5 (classic): one shared client, each response closed in a try-with-resources,
 * which releases its connection back to the pool.
 */
public final class ApacheWeatherClient implements WeatherClient {

    private final CloseableHttpClient http;
    private final String baseUrl;

    public ApacheWeatherClient(CloseableHttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        try (ClassicHttpResponse response = http.executeOpen(null, new HttpGet(baseUrl + "/forecast?city=" + city),
                null)) {
            return EntityUtils.toString(response.getEntity());
        } catch (ParseException e) {
            throw new IOException("unreadable forecast for " + city, e);
        }
    }
}
