package io.socketwatch.internal.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A report directory: one {@code socketwatch-<run id>.json} per test JVM, and the {@code index.html} built from all of
 * them. Files are written to a temporary name and moved into place, so that forks writing at once never read each
 * other's half-written files.
 */
final class ReportDirectory {

    static final String INDEX = "index.html";
    private static final String PREFIX = "socketwatch-";
    private static final String SUFFIX = ".json";

    private final Path dir;

    ReportDirectory(Path dir) {
        this.dir = dir;
    }

    /** Writes one JVM's file, creating the directory if need be; returns its path. */
    Path write(ReportFile file) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(PREFIX + file.runId() + SUFFIX);
        writeAtomically(target, ReportJson.write(file));
        return target;
    }

    /**
     * Reads every report file of the directory, in the order of their names.
     *
     * @throws MalformedReportException naming the file that is not a valid report, and where
     */
    List<ReportFile> read() throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            files.forEach(paths::add);
        }
        paths.sort(null);
        List<ReportFile> reports = new ArrayList<>();
        for (Path path : paths) {
            try {
                reports.add(ReportJson.read(Files.readString(path, StandardCharsets.UTF_8)));
            } catch (MalformedReportException e) {
                throw new MalformedReportException(path + ": " + e.getMessage());
            }
        }
        return reports;
    }

    /** Writes {@code index.html} showing {@code reports}, as {@link #read()} returned them; returns its path. */
    Path writeHtml(List<ReportFile> reports) throws IOException {
        Path index = dir.resolve(INDEX);
        writeAtomically(index, HtmlReport.render(reports));
        return index;
    }

    private void writeAtomically(Path target, String text) throws IOException {
        // not Files.createTempFile: its SecureRandom costs a cold JVM more than writing the report
        Path temporary = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
