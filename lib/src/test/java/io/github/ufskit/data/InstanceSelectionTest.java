package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.metrics.FeatureExtractor;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceSelectionTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir Path directory;

    /** Runs a script with Debian's numpy and scipy and returns its output as numbers. */
    private static double[] python(String script) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "Skipped: /usr/bin/python3 (Debian) is missing");
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", script)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "The Python oracle timed out");
        assumeTrue(!output.contains("ModuleNotFoundError"),
                "Skipped: install python3-numpy and python3-scipy for the oracle");
        assertEquals(0, process.exitValue(), "The Python oracle failed: " + output);
        String[] tokens = output.split("\\s+");
        double[] values = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            values[i] = Double.parseDouble(tokens[i]);
        }
        return values;
    }

    private void writeMatrix(Path file, double[][] rows) throws Exception {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            for (double[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (double value : row) {
                    line.append(value).append(' ');
                }
                out.println(line.toString().strip());
            }
        }
    }

    @Test
    void logLikelihoodsMatchScipy() throws Exception {
        Random random = new Random(11);
        double[][] features = new double[9][4];
        for (double[] row : features) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian() * (j + 1) + j;
            }
        }
        Path file = directory.resolve("features.txt");
        writeMatrix(file, features);
        double[] expected = python(String.join("\n",
                "import numpy as np",
                "from scipy.stats import multivariate_normal",
                "x = np.loadtxt('" + file + "')",
                "cov = np.cov(x, rowvar=False) + 0.01 * np.eye(x.shape[1])",
                "s = multivariate_normal.logpdf(x, mean=x.mean(axis=0), cov=cov)",
                "print(' '.join(repr(float(v)) for v in s))"));
        double[] actual = InstanceSelection.logLikelihoods(features, 0.01);
        assertEquals(9, expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]), "image " + i);
        }
    }

    @Test
    void ridgeMakesSingularCovarianceUsable() throws Exception {
        // Three images in 5 dimensions: the sample covariance has rank 2.
        double[][] features = {{1, 0, 0, 2, 0}, {0, 1, 0, 2, 0}, {0, 0, 1, 2, 0}};
        Path file = directory.resolve("singular.txt");
        writeMatrix(file, features);
        double[] expected = python(String.join("\n",
                "import numpy as np",
                "from scipy.stats import multivariate_normal",
                "x = np.loadtxt('" + file + "')",
                "cov = np.cov(x, rowvar=False) + 1e-3 * np.eye(5)",
                "s = multivariate_normal.logpdf(x, mean=x.mean(axis=0), cov=cov)",
                "print(' '.join(repr(float(v)) for v in s))"));
        double[] actual = InstanceSelection.logLikelihoods(features, 1e-3);
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]), "image " + i);
        }
        assertThrows(IllegalArgumentException.class,
                () -> InstanceSelection.logLikelihoods(features, 0));
    }

    @Test
    void oneDimensionHandChecked() {
        // x = -1, 0, 1: mean 0, variance (1 + 0 + 1) / 2 = 1, so log N(x) = -(log 2π + x²) / 2.
        double[] scores = InstanceSelection.logLikelihoods(new double[][] {{-1}, {0}, {1}}, 0);
        assertEquals(-0.5 * (Math.log(2 * Math.PI) + 1), scores[0], 1e-12);
        assertEquals(-0.5 * Math.log(2 * Math.PI), scores[1], 1e-12);
        assertEquals(scores[0], scores[2], 1e-12);
    }

    @Test
    void keepHighestRoundsAndBreaksTies() {
        assertArrayEquals(new int[] {1, 3},
                InstanceSelection.keepHighest(new double[] {1, 5, 2, 4}, 0.5));
        // round(0.5 x 5) = 3; scores 3 tie, so the lower index wins.
        assertArrayEquals(new int[] {0, 1, 2},
                InstanceSelection.keepHighest(new double[] {3, 3, 3, 3, 1}, 0.5));
        assertArrayEquals(new int[] {2},
                InstanceSelection.keepHighest(new double[] {1, 2, 9}, 0.1));
    }

    @Test
    void invalidArgumentsFail() {
        assertThrows(IllegalArgumentException.class,
                () -> InstanceSelection.keepHighest(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> InstanceSelection.keepHighest(new double[] {1}, 1.5));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InstanceSelection.logLikelihoods(new double[][] {{1}}, 0.1));
        assertTrue(error.getMessage().contains("has 1 images"), error.getMessage());
    }

    /** Returns the three channel means of each image as its features. */
    private static class MeanColorExtractor implements FeatureExtractor {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "mean color";
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public Shape inputShape() {
            return new Shape(3, 2, 2);
        }

        @Override
        public String fingerprint() {
            return "meancolor";
        }

        @Override
        public NDArray extract(NDArray images) {
            calls.incrementAndGet();
            return images.mean(new int[] {3}).mean(new int[] {2});
        }
    }

    /** Two classes of solid-color 2x2 images with random colors. */
    private PackedDataset writePack(int[][] colors) throws Exception {
        ImageSource source = new ImageSource() {
            @Override
            public String name() {
                return "colors";
            }

            @Override
            public int size() {
                return colors.length;
            }

            @Override
            public List<String> classNames() {
                return List.of("a", "b");
            }

            @Override
            public int label(int index) {
                return index % 2;
            }

            @Override
            public BufferedImage read(int index) {
                BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
                int[] c = colors[index];
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 2; x++) {
                        image.setRGB(x, y, (c[0] << 16) | (c[1] << 8) | c[2]);
                    }
                }
                return image;
            }
        };
        return PackedDataset.prepare(source, directory.resolve("colors.pack"), 2);
    }

    @Test
    void selectMatchesScipyPerClass() throws Exception {
        Random random = new Random(4);
        int[][] colors = new int[16][3];
        double[][] features = new double[16][3];
        for (int i = 0; i < colors.length; i++) {
            for (int j = 0; j < 3; j++) {
                colors[i][j] = random.nextInt(256);
                features[i][j] = colors[i][j] / 127.5 - 1;
            }
        }
        PackedDataset pack = writePack(colors);
        Path file = directory.resolve("colors.txt");
        writeMatrix(file, features);
        double[] expected = python(String.join("\n",
                "import numpy as np",
                "from scipy.stats import multivariate_normal",
                "x = np.loadtxt('" + file + "')",
                "labels = np.arange(len(x)) % 2",
                "kept = []",
                "for c in range(2):",
                "    idx = np.where(labels == c)[0]",
                "    f = x[idx]",
                "    cov = np.cov(f, rowvar=False) + 1e-3 * np.eye(3)",
                "    s = multivariate_normal.logpdf(f, mean=f.mean(axis=0), cov=cov)",
                "    kept += list(idx[np.argsort(-s, kind='stable')[:4]])",
                "print(' '.join(str(int(i)) for i in sorted(kept)))"));
        MeanColorExtractor extractor = new MeanColorExtractor();
        int[] kept = InstanceSelection.select(pack, extractor, 3, 0.5, 1e-3);
        assertEquals(8, kept.length);
        for (int i = 0; i < kept.length; i++) {
            assertEquals((int) expected[i], kept[i], "kept image " + i);
        }
        // 8 images per class in batches of 3: 3 forward passes per class.
        assertEquals(6, extractor.calls.get());
    }

    @Test
    void selectionIsStoredBesidePack() throws Exception {
        Random random = new Random(8);
        int[][] colors = new int[8][3];
        for (int[] color : colors) {
            for (int j = 0; j < 3; j++) {
                color[j] = random.nextInt(256);
            }
        }
        PackedDataset pack = writePack(colors);
        MeanColorExtractor extractor = new MeanColorExtractor();
        int[] first = InstanceSelection.selectAndStore(pack, extractor, 8, 0.5, 1e-3);
        Path file = directory.resolve("colors.pack.selected-50-meancolor.txt");
        assertEquals(file, InstanceSelection.indicesFile(pack.file(), extractor, 0.5));
        assertTrue(Files.isRegularFile(file));
        assertTrue(Files.readString(file).startsWith("# instance selection of colors.pack: 4"
                + " of 8 images"), Files.readString(file));
        int calls = extractor.calls.get();
        int[] second = InstanceSelection.selectAndStore(pack, extractor, 8, 0.5, 1e-3);
        assertArrayEquals(first, second);
        assertEquals(calls, extractor.calls.get());
    }

    @Test
    void readIndicesRejectsOutOfRange() throws Exception {
        Path file = directory.resolve("bad.txt");
        Files.writeString(file, "# header\n0\n7\n");
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> InstanceSelection.readIndices(file, 5));
        assertTrue(error.getMessage().contains("line 3 is '7'"), error.getMessage());
        assertArrayEquals(new int[] {0}, InstanceSelection.readIndices(
                writeAndReturn(directory.resolve("ok.txt"), "# x\n0\n"), 5));
    }

    private static Path writeAndReturn(Path file, String text) throws Exception {
        Files.writeString(file, text);
        return file;
    }

    @Test
    void wrongExtractorShapeFails() throws Exception {
        PackedDataset pack = writePack(new int[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {1, 1, 1}});
        FeatureExtractor wrong = new MeanColorExtractor() {
            @Override
            public Shape inputShape() {
                return new Shape(3, 4, 4);
            }
        };
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InstanceSelection.select(pack, wrong, 2, 0.5, 1e-3));
        assertTrue(error.getMessage().contains("load the extractor"), error.getMessage());
    }
}
