package io.github.ufskit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ufskit.notebooks.KitScripts.ScriptResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the kernelspec that environment/install_kernelspec.py writes and the input it rejects. */
class InstallKernelspecTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    /** Python oracle that prints argv, display name and RJK_CLASSPATH of a kernel.json. */
    private static final String PRINT_KERNELSPEC = String.join("\n",
            "import json, sys",
            "spec = json.load(open(sys.argv[1]))",
            "for argument in spec['argv']:",
            "    print('argv=' + argument)",
            "print('display_name=' + spec['display_name'])",
            "print('RJK_CLASSPATH=' + spec['env']['RJK_CLASSPATH'])");

    @TempDir
    Path tempDir;

    @Test
    void kernelspecRunsHeadlessWithHeapLimit() {
        ScriptResult valid = install("--classpath", tempDir.toString(), "--max-heap", "3g");
        assertEquals(0, valid.exitCode(), valid::describe);
        Path kernelJson = tempDir.resolve("jupyter/kernels/ufskit-java/kernel.json");
        ScriptResult spec = KitScripts.runPython(SCRIPT_TIMEOUT, Map.of(), List.of(),
                "-c", PRINT_KERNELSPEC, kernelJson.toString());
        List<String> lines = spec.output().lines().toList();

        assertEquals(0, spec.exitCode(), spec::describe);
        assertTrue(lines.contains("argv=-Djava.awt.headless=true"), spec::describe);
        assertTrue(lines.contains("argv=-Xmx3g"), spec::describe);
        assertEquals("argv={connection_file}", lines.get(lines.size() - 3), spec::describe);
        assertTrue(lines.contains("display_name=Java (UFS kit)"), spec::describe);
        assertTrue(lines.contains("RJK_CLASSPATH=" + tempDir), spec::describe);
    }

    @Test
    void missingClasspathEntryIsRejected() {
        Path missing = tempDir.resolve("missing.jar");

        ScriptResult install = install("--classpath", missing.toString());

        assertEquals(2, install.exitCode(), install::describe);
        assertTrue(install.output().contains("'" + missing + "' matches no file"),
                install::describe);
        assertFalse(Files.exists(tempDir.resolve("jupyter")), install::describe);
    }

    @Test
    void invalidMaxHeapIsRejected() {
        ScriptResult install = install("--classpath", tempDir.toString(), "--max-heap", "lots");

        assertEquals(2, install.exitCode(), install::describe);
        assertTrue(install.output().contains("--max-heap 'lots' is invalid"), install::describe);
    }

    private ScriptResult install(String... options) {
        List<String> arguments = new ArrayList<>(List.of(
                KitScripts.environmentScript("install_kernelspec.py").toString(),
                "--jupyter-dir", tempDir.resolve("jupyter").toString()));
        arguments.addAll(List.of(options));
        return KitScripts.runPython(SCRIPT_TIMEOUT, Map.of(), List.of(),
                arguments.toArray(String[]::new));
    }
}
