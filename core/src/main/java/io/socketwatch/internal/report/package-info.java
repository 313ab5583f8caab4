/**
 * The build report: each test JVM's JSON file, the one-file HTML built from every JSON file of a directory, the
 * end-of-run console summary, and {@code socketwatch report DIR}. Internal: not API. The JSON format is documented in
 * {@code docs/report-format.md}.
 */
package io.socketwatch.internal.report;
