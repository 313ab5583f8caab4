package io.socketwatch.examples.app;

import java.io.IOException;

/** Fetches forecasts from the {@link WeatherApi}; one implementation per HTTP client and way of using it. */
public interface WeatherClient {

    /** Returns the forecast for {@code city} as the API's JSON. */
    String forecast(String city) throws IOException;
}
