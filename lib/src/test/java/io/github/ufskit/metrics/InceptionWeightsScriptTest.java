package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code data-scripts/inception-weights} against a local {@code file://} URL with a
 * checksum override, so its download, resume and checksum logic is tested without a network.
 */
class InceptionWeightsScriptTest {

    private static final Path SCRIPT = Path.of("..", "data-scripts", "inception-weights");

    @TempDir Path directory;

    private Path source;
    private byte[] content;
    private String checksum;
    private Path target;

    private record Run(int exitCode, String output) {}

    @BeforeEach
    void writeSource() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "Skipped: run the tests from lib/ so "
                + SCRIPT + " resolves");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")),
                "Skipped: the script needs curl");
        content = new byte[200_000];
        new Random(3).nextBytes(content);
        source = directory.resolve("server").resolve("inception-2015-12-05.pt");
        Files.createDirectories(source.getParent());
        Files.write(source, content);
        checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        target = directory.resolve("cache").resolve("inception-2015-12-05.pt");
    }

    private Run run(String sha256) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "--output",
                target.toString()).redirectErrorStream(true);
        builder.environment().put("INCEPTION_WEIGHTS_URL", source.toUri().toString());
        builder.environment().put("INCEPTION_WEIGHTS_SHA256", sha256);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "The script timed out");
        return new Run(process.exitValue(), output);
    }

    @Test
    void downloadsAndReportsSize() throws Exception {
        Run run = run(checksum);
        assertEquals(0, run.exitCode(), run.output());
        assertArrayEquals(content, Files.readAllBytes(target));
        assertTrue(run.output().contains(target.toString()), run.output());
        assertTrue(run.output().contains("200000 bytes"), run.output());
        assertFalse(Files.exists(Path.of(target + ".part")));
    }

    @Test
    void secondRunDownloadsNothing() throws Exception {
        assertEquals(0, run(checksum).exitCode());
        Files.delete(source);
        Run again = run(checksum);
        assertEquals(0, again.exitCode(), again.output());
        assertFalse(again.output().contains("Downloading"), again.output());
    }

    @Test
    void resumesPartialDownload() throws Exception {
        Files.createDirectories(target.getParent());
        Files.write(Path.of(target + ".part"), Arrays.copyOf(content, 50_000));
        Run run = run(checksum);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("Resuming"), run.output());
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void restartsDamagedPartialDownload() throws Exception {
        Files.createDirectories(target.getParent());
        Files.write(Path.of(target + ".part"), new byte[50_000]);
        Run run = run(checksum);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("restarting"), run.output());
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void replacesTargetWithWrongChecksum() throws Exception {
        Files.createDirectories(target.getParent());
        Files.write(target, new byte[] {1, 2, 3});
        Run run = run(checksum);
        assertEquals(0, run.exitCode(), run.output());
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void rejectsFileWithWrongChecksum() throws Exception {
        String wrong = "0".repeat(64);
        Run run = run(wrong);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("expected " + wrong), run.output());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(Path.of(target + ".part")));
    }

    @Test
    void reportsMissingSource() throws Exception {
        Files.delete(source);
        Run run = run(checksum);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("failed"), run.output());
        assertFalse(Files.exists(target));
    }
}
