package io.github.ufskit.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python with numpy and PyTorch as an independent oracle for the layer tests.
 *
 * <p>Named float arrays go to the script on standard input, one per line ("name v1 v2 ...").
 * The script reads them as {@code data[name]} (float32 numpy vectors) or through the helper
 * {@code t(name, *shape)} (a float32 tensor). It prints its results with {@code emit(x)}, one line per array.
 */
final class TorchOracle {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String PREAMBLE =
            String.join(
                    "\n",
                    "import sys",
                    "import numpy as np",
                    "import torch",
                    "import torch.nn.functional as F",
                    "data = {}",
                    "for line in sys.stdin:",
                    "    parts = line.split()",
                    "    if parts:",
                    "        data[parts[0]] = np.array([float(p) for p in parts[1:]],"
                            + " dtype=np.float32)",
                    "def t(name, *shape):",
                    "    return torch.from_numpy(data[name].copy()).reshape(*shape)",
                    "def emit(x):",
                    "    if isinstance(x, torch.Tensor):",
                    "        x = x.detach().double().numpy()",
                    "    print(' '.join(repr(float(v)) for v in np.asarray(x).ravel()))",
                    "");

    private final Map<String, float[]> inputs = new LinkedHashMap<>();

    /** Adds an array under a name; returns this oracle. */
    TorchOracle put(String name, NDArray array) {
        inputs.put(name, array.toType(DataType.FLOAT32, false)
                .toFloatArray());
        return this;
    }

    /** Adds values under a name; returns this oracle. */
    TorchOracle put(String name, float[] values) {
        inputs.put(name, values.clone());
        return this;
    }

    /**
     * Runs the script and returns one array per emitted line; skips the test when Debian's
     * Python or its torch package is missing.
     */
    double[][] run(String... lines) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "Skipped: /usr/bin/python3 (Debian) is missing");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy, torch")
                .redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        assumeTrue(check.waitFor() == 0, "Skipped: install python3-torch for the oracle");

        String script = PREAMBLE + String.join("\n", lines) + "\n";
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", script)
                .redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            for (Map.Entry<String, float[]> entry : inputs.entrySet()) {
                StringBuilder line = new StringBuilder(entry.getKey());
                for (float value : entry.getValue()) {
                    line.append(' ').append(Float.toString(value));
                }
                line.append('\n');
                stdin.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "The torch oracle timed out");
        assertEquals(0, process.exitValue(), "The torch oracle failed: " + output);
        String[] rows = output.strip().split("\n");
        double[][] result = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            String[] tokens = rows[i].trim().split("\\s+");
            result[i] = new double[tokens.length];
            for (int j = 0; j < tokens.length; j++) {
                result[i][j] = Double.parseDouble(tokens[j]);
            }
        }
        return result;
    }

    /** Asserts that an array matches expected values elementwise within a tolerance. */
    static void assertClose(double[] expected, NDArray actual, double tolerance, String what) {
        float[] values = actual.toType(DataType.FLOAT32, false)
                .toFloatArray();
        assertEquals(expected.length, values.length, what + ": element count");
        for (int i = 0; i < values.length; i++) {
            double scale = Math.max(1.0, Math.abs(expected[i]));
            assertEquals(expected[i], values[i], tolerance * scale,
                    what + ": element " + i + " of " + values.length);
        }
    }
}
