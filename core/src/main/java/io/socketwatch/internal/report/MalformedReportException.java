package io.socketwatch.internal.report;

/** A report file that is not valid JSON, or not socketwatch's report format; the message says where and what. */
final class MalformedReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedReportException(String message) {
        super(message);
    }
}
