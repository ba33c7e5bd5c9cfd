package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's Python with numpy and scipy as an independent oracle for the metric tests. */
final class PythonOracle {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonOracle() {}

    /** Writes a matrix as whitespace-separated rows that {@code numpy.loadtxt} reads exactly. */
    static void writeMatrix(Path file, double[][] rows) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            for (double[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (double value : row) {
                    line.append(Double.toString(value)).append(' ');
                }
                out.println(line.toString().strip());
            }
        }
    }

    /**
     * Runs a script and returns its standard output, trimmed; skips the test when Debian's
     * Python with numpy and scipy is missing.
     */
    static String run(String... lines) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "Skipped: /usr/bin/python3 (Debian) is missing");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy, scipy")
                .redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        assumeTrue(check.waitFor() == 0,
                "Skipped: install python3-numpy and python3-scipy for the oracle");

        Process process = new ProcessBuilder(PYTHON.toString(), "-c", String.join("\n", lines))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "The Python oracle timed out");
        assertEquals(0, process.exitValue(), "The Python oracle failed: " + output);
        return output.strip();
    }

    /**
     * Runs a Python file with arguments and returns its standard output, trimmed; skips the test
     * when Debian's Python lacks one of the modules.
     */
    static String runFile(Path script, List<String> arguments, String... modules)
            throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "Skipped: /usr/bin/python3 (Debian) is missing");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c",
                "import " + String.join(", ", modules)).redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        assumeTrue(check.waitFor() == 0, "Skipped: Debian's Python lacks " + String.join(", ",
                modules) + "; install python3-torch for the TorchScript fixtures");

        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "The Python script timed out");
        assertEquals(0, process.exitValue(), "The Python script failed: " + output);
        return output.strip();
    }

    /** Parses whitespace-separated numbers. */
    static double[] parse(String output) {
        String[] tokens = output.trim().split("\\s+");
        double[] values = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            values[i] = Double.parseDouble(tokens[i]);
        }
        return values;
    }
}
