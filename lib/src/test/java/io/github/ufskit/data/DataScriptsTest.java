package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code data-scripts/cifar-10}, {@code celeba} and {@code imagenet} on small fake files
 * in the exact layouts, with {@code file://} URLs and checksum overrides in place of the
 * network.
 */
class DataScriptsTest {

    private static final Path SCRIPTS = Path.of("..", "data-scripts");
    private static final int RECORDS_PER_BATCH = 2;
    private static final List<String> BATCHES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");

    @TempDir Path directory;

    private record Run(int exitCode, String output) {}

    @BeforeEach
    void checkTools() {
        assumeTrue(Files.isExecutable(SCRIPTS.resolve("cifar-10")),
                "Skipped: run the tests from lib/ so " + SCRIPTS + " resolves");
        for (String tool : List.of("curl", "tar", "unzip", "md5sum")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)),
                    "Skipped: the scripts need " + tool);
        }
    }

    private Run run(String script, Map<String, String> environment, String... arguments)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("bash",
                SCRIPTS.resolve(script).toString()));
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("UFSKIT_DATA");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "The script timed out");
        return new Run(process.exitValue(), output);
    }

    private static String md5(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    }

    // CIFAR-10

    /** Writes a fake cifar-10-binary.tar.gz with two records per batch and returns it. */
    private Path writeCifarArchive() throws Exception {
        Path source = directory.resolve("server");
        Path batches = source.resolve("cifar-10-batches-bin");
        Files.createDirectories(batches);
        Random random = new Random(5);
        for (String name : BATCHES) {
            byte[] records = new byte[RECORDS_PER_BATCH * Cifar10.RECORD_BYTES];
            random.nextBytes(records);
            records[0] = 3;
            records[Cifar10.RECORD_BYTES] = 7;
            Files.write(batches.resolve(name), records);
        }
        Files.writeString(batches.resolve("batches.meta.txt"),
                String.join("\n", Cifar10.CLASS_NAMES) + "\n");
        Path archive = source.resolve("cifar-10-binary.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C",
                source.toString(), "cifar-10-batches-bin").inheritIO().start();
        assertEquals(0, tar.waitFor());
        return archive;
    }

    private Map<String, String> cifarEnvironment(Path archive, String md5) {
        return Map.of("CIFAR10_URL", archive.toUri().toString(), "CIFAR10_MD5", md5,
                "CIFAR10_BATCH_BYTES", Integer.toString(RECORDS_PER_BATCH * Cifar10.RECORD_BYTES));
    }

    @Test
    void cifarDownloadsExtractsAndReads() throws Exception {
        Path archive = writeCifarArchive();
        Path data = directory.resolve("data");
        Run run = run("cifar-10", cifarEnvironment(archive, md5(archive)), "--directory",
                data.toString());
        assertEquals(0, run.exitCode(), run.output());
        Path extracted = data.resolve("cifar-10-batches-bin");
        assertTrue(run.output().contains(extracted.toString()), run.output());
        ImageDataset test = Cifar10.load(extracted, Split.TEST);
        assertEquals(2, test.size());
        assertEquals(3, test.label(0));
        assertEquals(7, test.label(1));
        assertFalse(Files.exists(data.resolve("cifar-10-binary.tar.gz.part")));
    }

    @Test
    void cifarSecondRunDownloadsNothing() throws Exception {
        Path archive = writeCifarArchive();
        Path data = directory.resolve("data");
        Map<String, String> environment = cifarEnvironment(archive, md5(archive));
        assertEquals(0, run("cifar-10", environment, "--directory", data.toString()).exitCode());
        Files.delete(archive);
        Run again = run("cifar-10", environment, "--directory", data.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertFalse(again.output().contains("Downloading"), again.output());
    }

    @Test
    void cifarResumesPartialDownload() throws Exception {
        Path archive = writeCifarArchive();
        byte[] content = Files.readAllBytes(archive);
        Path data = directory.resolve("data");
        Files.createDirectories(data);
        Files.write(data.resolve("cifar-10-binary.tar.gz.part"),
                Arrays.copyOf(content, content.length / 2));
        Run run = run("cifar-10", cifarEnvironment(archive, md5(archive)), "--directory",
                data.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("Resuming"), run.output());
        assertEquals(2, Cifar10.load(data.resolve("cifar-10-batches-bin"), Split.TRAIN)
                .subset(0, 2).size());
    }

    @Test
    void cifarWrongChecksumLeavesNothing() throws Exception {
        Path archive = writeCifarArchive();
        Path data = directory.resolve("data");
        Run run = run("cifar-10", cifarEnvironment(archive, "0".repeat(32)), "--directory",
                data.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("expected " + "0".repeat(32)), run.output());
        assertFalse(Files.exists(data.resolve("cifar-10-batches-bin")));
        assertFalse(Files.exists(data.resolve("cifar-10-binary.tar.gz.part")));
    }

    // CelebA

    private Path writeCelebaFiles(Path data, int images) throws Exception {
        Path celeba = data.resolve("celeba");
        Files.createDirectories(celeba);
        StringBuilder partition = new StringBuilder();
        try (OutputStream file = Files.newOutputStream(celeba.resolve("img_align_celeba.zip"));
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (int i = 1; i <= images; i++) {
                String name = String.format("%06d.jpg", i);
                zip.putNextEntry(new ZipEntry("img_align_celeba/" + name));
                zip.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) i});
                zip.closeEntry();
                partition.append(name).append(' ').append(i % 3).append('\n');
            }
        }
        Files.writeString(celeba.resolve("list_eval_partition.txt"), partition.toString());
        return celeba;
    }

    private Map<String, String> celebaEnvironment(Path celeba) throws Exception {
        return Map.of("CELEBA_ZIP_MD5", md5(celeba.resolve("img_align_celeba.zip")),
                "CELEBA_PARTITION_MD5", md5(celeba.resolve("list_eval_partition.txt")));
    }

    @Test
    void celebaMissingFilesNamesPlace() throws Exception {
        Path data = directory.resolve("data");
        Run run = run("celeba", Map.of(), "--directory", data.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains(data.resolve("celeba")
                .resolve("list_eval_partition.txt").toString()), run.output());
    }

    @Test
    void celebaMissingZipNamesFile() throws Exception {
        Path data = directory.resolve("data");
        Path celeba = writeCelebaFiles(data, 3);
        Map<String, String> environment = celebaEnvironment(celeba);
        Files.delete(celeba.resolve("img_align_celeba.zip"));
        Run run = run("celeba", environment, "--directory", data.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("img_align_celeba.zip is missing"), run.output());
    }

    @Test
    void celebaExtractsAndIsIdempotent() throws Exception {
        Path data = directory.resolve("data");
        Path celeba = writeCelebaFiles(data, 4);
        Map<String, String> environment = celebaEnvironment(celeba);
        Run run = run("celeba", environment, "--directory", data.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(Files.isRegularFile(celeba.resolve("img_align_celeba").resolve("000004.jpg")));
        assertTrue(run.output().contains("4 images"), run.output());
        Run again = run("celeba", environment, "--directory", data.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertFalse(again.output().contains("Extracting"), again.output());
    }

    @Test
    void celebaWrongChecksumFails() throws Exception {
        Path data = directory.resolve("data");
        Path celeba = writeCelebaFiles(data, 2);
        Map<String, String> environment = Map.of("CELEBA_ZIP_MD5", "0".repeat(32),
                "CELEBA_PARTITION_MD5", md5(celeba.resolve("list_eval_partition.txt")));
        Run run = run("celeba", environment, "--directory", data.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("download it again"), run.output());
        assertFalse(Files.exists(celeba.resolve("img_align_celeba")));
    }

    // ImageNet

    private Path writeSynsetFolders(String... synsets) throws Exception {
        Path train = directory.resolve("ILSVRC2012").resolve("train");
        for (String synset : synsets) {
            Files.createDirectories(train.resolve(synset));
            Files.write(train.resolve(synset).resolve(synset + "_1.JPEG"), new byte[] {1});
        }
        return train;
    }

    @Test
    void imagenetLinksCheckedFolder() throws Exception {
        Path train = writeSynsetFolders("n01440764", "n01443537", "n02085620");
        Path data = directory.resolve("data");
        Map<String, String> environment = Map.of("IMAGENET_CLASS_COUNT", "3");
        Run run = run("imagenet", environment, "--train-folder", train.toString(),
                "--directory", data.toString());
        assertEquals(0, run.exitCode(), run.output());
        Path link = data.resolve("imagenet").resolve("train");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(train.toRealPath(), link.toRealPath());
        Run again = run("imagenet", environment, "--train-folder", train.toString(),
                "--directory", data.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("already links"), again.output());
    }

    @Test
    void imagenetWrongClassCountFails() throws Exception {
        Path train = writeSynsetFolders("n01440764", "n01443537");
        Run run = run("imagenet", Map.of(), "--train-folder", train.toString(), "--directory",
                directory.resolve("data").toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("has 2 synset folders (nNNNNNNNN), expected 1000"),
                run.output());
    }

    @Test
    void imagenetEmptySynsetFails() throws Exception {
        Path train = writeSynsetFolders("n01440764");
        Files.createDirectories(train.resolve("n01443537"));
        Run run = run("imagenet", Map.of("IMAGENET_CLASS_COUNT", "2"), "--train-folder",
                train.toString(), "--directory", directory.resolve("data").toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("n01443537 is empty"), run.output());
    }

    @Test
    void scriptsPrintHelp() throws Exception {
        for (String script : List.of("cifar-10", "celeba", "imagenet")) {
            Run run = run(script, Map.of(), "--help");
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("Usage: data-scripts/" + script), run.output());
        }
    }
}
