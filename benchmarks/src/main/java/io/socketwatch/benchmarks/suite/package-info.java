/**
 * The realistic suite: test classes written as an HTTP client library's own tests are, a {@code MockWebServer} per
 * test, OkHttp, JDK {@code HttpClient} and {@code HttpURLConnection} clients per test and shared per class, some with
 * throttled bodies and client timeouts, some classes run in parallel; all traffic to loopback. They are main sources
 * so that the shaded {@code benchmarks.jar} holds them, and named {@code *Suite} so that surefire never runs them:
 * {@link io.socketwatch.benchmarks.RealisticSuite} runs them, plain and in whole-build mode. Every test is meant to be
 * correct and clean; they use no socketwatch API, as a build that enables whole-build mode adds none.
 */
package io.socketwatch.benchmarks.suite;
