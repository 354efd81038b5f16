package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code openssl} command-line tool, the independent implementation the crypto tests
 * cross-check against. Binary data goes through files in a per-test directory.
 */
final class Openssl {
    private final Path dir;
    private int files;

    Openssl(Path dir) {
        this.dir = dir;
    }

    record Result(int exit, String output) {
    }

    /** Runs openssl with {@code args}; output is stdout and stderr merged, with the command line first. */
    static Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("openssl finished: %s", command).isTrue();
            return new Result(process.exitValue(), command + "\n" + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs openssl and asserts it succeeded. */
    static String ok(String... args) {
        Result result = run(args);
        assertThat(result.exit()).as(result.output()).isZero();
        return result.output();
    }

    /** Writes {@code bytes} to a fresh file in the test directory. */
    Path file(byte[] bytes) {
        try {
            return Files.write(dir.resolve("in-" + files++), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, not yet existing file name in the test directory. */
    Path out() {
        return dir.resolve("out-" + files++);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String path(Path file) {
        return file.toString();
    }
}
