package io.github.ufskit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs the kit's Python scripts from tests, with Debian's Python and a time limit. */
final class KitScripts {

    /** Debian's Python, which has jupyter_client, nbclient and nbconvert. */
    static final String PYTHON = "/usr/bin/python3";

    /** Name of the kernelspec the kit installs. */
    static final String KERNEL_NAME = "ufskit-java";

    private KitScripts() {}

    /** Exit status and combined stdout and stderr of a finished script. */
    record ScriptResult(List<String> command, int exitCode, String output) {

        /** Describes the run for an assertion message: command, exit status and output. */
        String describe() {
            return "command " + String.join(" ", command) + " exited with " + exitCode
                    + ", output:\n" + output;
        }
    }

    /** Returns the repository root, the parent of this module's directory. */
    static Path repositoryRoot() {
        Path moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        return moduleDir.getParent();
    }

    /** Returns the path of one of the scripts in environment/. */
    static Path environmentScript(String name) {
        return repositoryRoot().resolve("environment").resolve(name);
    }

    /**
     * Returns this test's classpath as an RJK_CLASSPATH value: the library's classes and every
     * dependency jar, separated by ';', without entries that do not exist.
     */
    static String testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path");
        assertNotNull(classpath,
                "system property surefire.test.class.path is missing; run the test with Maven");
        assertFalse(classpath.isBlank(), "system property surefire.test.class.path is empty");
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank() && Files.exists(Path.of(entry)))
                .collect(Collectors.joining(";"));
    }

    /**
     * Installs the kit's kernelspec into {@code jupyterDir} with the given classpath, failing the
     * test when the patched kernel jar is missing or the installer fails.
     *
     * @return the written kernel.json
     */
    static Path installKernelspec(Path jupyterDir, String classpath) {
        ScriptResult install = runPython(Duration.ofMinutes(2), Map.of(), List.of(),
                environmentScript("install_kernelspec.py").toString(),
                "--classpath", classpath, "--jupyter-dir", jupyterDir.toString());
        assertEquals(0, install.exitCode(),
                () -> "installing the kernelspec failed; run environment/setup first, which "
                        + "builds the patched kernel jar. " + install.describe());
        return jupyterDir.resolve("kernels").resolve(KERNEL_NAME).resolve("kernel.json");
    }

    /**
     * Runs Debian's Python with the given arguments and waits for it, killing it after the
     * timeout.
     *
     * @param timeout the longest the script may run
     * @param addedEnv environment variables to set for the script
     * @param removedEnv environment variables to remove from the inherited environment
     * @param arguments the script and its arguments
     * @return the exit status and output; exit status -1 when the script was killed
     */
    static ScriptResult runPython(Duration timeout, Map<String, String> addedEnv,
            Collection<String> removedEnv, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.addAll(List.of(arguments));
        try {
            Path outputFile = Files.createTempFile("kit-script-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(repositoryRoot().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(outputFile.toFile());
                builder.environment().keySet().removeAll(removedEnv);
                builder.environment().putAll(addedEnv);
                Process process = builder.start();
                int exitCode;
                if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    exitCode = process.exitValue();
                } else {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    exitCode = -1;
                }
                String output = Files.readString(outputFile, StandardCharsets.UTF_8);
                if (exitCode == -1) {
                    output += "\n(killed after " + timeout.toSeconds() + " s)";
                }
                return new ScriptResult(command, exitCode, output);
            } finally {
                Files.deleteIfExists(outputFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
