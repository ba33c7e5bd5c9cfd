package io.github.ufskit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.ufskit.notebooks.KitScripts.ScriptResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every notebook in notebooks/ with {@code UFS_PROFILE=smoke}, one test per notebook,
 * on a kernel whose classpath is this test's own: the library's freshly compiled classes and
 * every dependency jar.
 */
class NotebookSmokeTest {

    private static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(20);

    @TempDir
    static Path workDir;

    @BeforeAll
    static void installKernelspec() {
        KitScripts.installKernelspec(workDir.resolve("jupyter"), KitScripts.testClasspath());
    }

    @TestFactory
    Stream<DynamicTest> notebooksRunInSmokeProfile() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(KitScripts.repositoryRoot().resolve("notebooks"))) {
            notebooks = files.filter(file -> file.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks found in notebooks/");
        return notebooks.stream().map(notebook ->
                DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> run(notebook)));
    }

    private static void run(Path notebook) throws IOException {
        Path outputDir = workDir.resolve("results");
        ScriptResult run = KitScripts.runPython(NOTEBOOK_TIMEOUT, Map.of(), List.of(),
                KitScripts.environmentScript("execute_notebooks.py").toString(),
                notebook.toString(), "--profile", "smoke",
                "--output-dir", outputDir.toString(),
                "--jupyter-dir", workDir.resolve("jupyter").toString());

        // The runner's output names the failing cell and its error; it goes into the message.
        assertEquals(0, run.exitCode(), run::describe);
        String name = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        assertTrue(Files.isRegularFile(outputDir.resolve(name + ".html")), run::describe);
        assertTrue(Files.isRegularFile(outputDir.resolve(name + ".ipynb")), run::describe);
        if (name.equals("02-fashion-mnist-cpu")) {
            checkFashionMnistOutputs(outputDir.resolve(name + ".ipynb"));
        }
        if (name.equals("03-backbones-and-cam")) {
            checkBackboneOutputs(outputDir.resolve(name + ".ipynb"));
        }
    }

    /**
     * Checks that the backbone notebook shows the parameter counts of every network and its
     * pictures: real images, three charts, two sample grids and two heatmap grids.
     */
    private static void checkBackboneOutputs(Path executed) throws IOException {
        Outputs outputs = Outputs.of(executed);
        assertTrue(outputs.html().contains("Trainable parameters at the paper"), "count table");
        assertTrue(outputs.html().contains("BigGAN D 128 × 128, width 96"), "a network is missing");
        assertTrue(outputs.html().contains("SNGAN 32 × 32"), "a model is missing");
        assertTrue(outputs.images() >= 8, "expected at least 8 pictures, found " + outputs.images());
    }

    /** The HTML and the number of PNG pictures an executed notebook shows. */
    private record Outputs(String html, int images) {
        static Outputs of(Path executed) throws IOException {
            JsonObject notebook =
                    JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
            int images = 0;
            StringBuilder html = new StringBuilder();
            for (JsonElement cell : notebook.getAsJsonArray("cells")) {
                JsonArray outputs = cell.getAsJsonObject().getAsJsonArray("outputs");
                if (outputs == null) {
                    continue;
                }
                for (JsonElement output : outputs) {
                    JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
                    if (data == null) {
                        continue;
                    }
                    if (data.has("image/png")) {
                        images++;
                    }
                    if (data.has("text/html")) {
                        JsonElement text = data.get("text/html");
                        html.append(
                                text.isJsonArray()
                                        ? joined(text.getAsJsonArray())
                                        : text.getAsString());
                    }
                }
            }
            return new Outputs(html.toString(), images);
        }
    }

    /**
     * Checks that the Fashion-MNIST notebook shows what it promises: the score table with its
     * labelled score column, the paper's Table 1 beside it, and pictures (real images, four
     * charts, four sample grids).
     */
    private static void checkFashionMnistOutputs(Path executed) throws IOException {
        Outputs outputs = Outputs.of(executed);
        int images = outputs.images();
        String shown = outputs.html();
        assertTrue(shown.contains("Fashion-MNIST, modified WGAN-GP"), "score table missing");
        assertTrue(shown.contains("WGAN-GP + Top-k + UFS"), "a variant is missing");
        assertTrue(shown.contains("Table 1: FID of modified WGAN-GP on CIFAR-10"), "paper table");
        assertTrue(shown.contains("Ours: FID ("), "our score column is not labelled");
        assertTrue(shown.contains("IS, precision, recall, density and coverage"), "metrics table");
        assertTrue(images >= 9, "expected at least 9 pictures, found " + images);
    }

    private static String joined(JsonArray lines) {
        StringBuilder text = new StringBuilder();
        for (JsonElement line : lines) {
            text.append(line.getAsString());
        }
        return text.toString();
    }
}
