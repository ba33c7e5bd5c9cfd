package io.github.ufskit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static void run(Path notebook) {
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
    }
}
