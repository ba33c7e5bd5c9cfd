package io.github.ufskit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ufskit.notebooks.KitScripts.ScriptResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the patched Java kernel starts reliably. The published kernel was not ready in 6
 * of 30 starts when measured on a 2-core machine (environment/README.md), so 30 ready starts in
 * a row show the fix at work.
 */
class KernelStartTest {

    private static final int STARTS = 30;

    @Test
    void kernelStartsThirtyTimesInARow(@TempDir Path jupyterDir) {
        KitScripts.installKernelspec(jupyterDir, KitScripts.testClasspath());

        ScriptResult starts = KitScripts.runPython(Duration.ofMinutes(30), Map.of(), List.of(),
                KitScripts.environmentScript("check_kernel_starts.py").toString(),
                "--starts", String.valueOf(STARTS), "--jupyter-dir", jupyterDir.toString());

        assertEquals(0, starts.exitCode(), starts::describe);
        assertTrue(starts.output().lines().anyMatch((STARTS + "/" + STARTS + " ready")::equals),
                starts::describe);
    }
}
