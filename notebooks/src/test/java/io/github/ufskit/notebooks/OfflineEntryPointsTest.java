package io.github.ufskit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ufskit.notebooks.KitScripts.ScriptResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks that every way into the kit runs DJL with {@code OPT_OUT_TRACKING=true} and {@code
 * DJL_OFFLINE=true}, so that no entry point sends telemetry or downloads anything. The live
 * checks start their scripts from an environment without both variables, so only the entry
 * point under test can have set them.
 */
class OfflineEntryPointsTest {

    private static final List<String> OFFLINE_VARIABLES =
            List.of("OPT_OUT_TRACKING", "DJL_OFFLINE");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    /** A cell that prints both variables, one NAME=value line each. */
    private static final String PRINT_VARIABLES_CELL =
            "System.out.println(\"OPT_OUT_TRACKING=\" + System.getenv(\"OPT_OUT_TRACKING\"));\n"
                    + "System.out.println(\"DJL_OFFLINE=\" + System.getenv(\"DJL_OFFLINE\"));";

    /** Python oracle that prints the two variables of a kernel.json's env, one per line. */
    private static final String PRINT_KERNELSPEC_ENV = String.join("\n",
            "import json, sys",
            "env = json.load(open(sys.argv[1]))['env']",
            "for name in ('OPT_OUT_TRACKING', 'DJL_OFFLINE'):",
            "    print(f'{name}={env.get(name)}')");

    /** Python oracle that removes the two variables from a kernel.json's env. */
    private static final String STRIP_KERNELSPEC_ENV = String.join("\n",
            "import json, sys",
            "spec = json.load(open(sys.argv[1]))",
            "for name in ('OPT_OUT_TRACKING', 'DJL_OFFLINE'):",
            "    spec['env'].pop(name)",
            "json.dump(spec, open(sys.argv[1], 'w'))");

    /** Python oracle that prints the stdout of every code cell of an executed notebook. */
    private static final String PRINT_NOTEBOOK_STDOUT = String.join("\n",
            "import json, sys",
            "notebook = json.load(open(sys.argv[1]))",
            "for cell in notebook['cells']:",
            "    for output in cell.get('outputs', []):",
            "        if output.get('name') == 'stdout':",
            "            text = output['text']",
            "            print(''.join(text) if isinstance(text, list) else text, end='')");

    @TempDir
    Path tempDir;

    @Test
    void kernelspecEnvSetsBothVariables() {
        Path kernelJson = KitScripts.installKernelspec(tempDir, KitScripts.testClasspath());

        ScriptResult env = python(List.of(), "-c", PRINT_KERNELSPEC_ENV, kernelJson.toString());

        assertEquals(0, env.exitCode(), env::describe);
        assertTrue(env.output().lines().anyMatch("OPT_OUT_TRACKING=true"::equals), env::describe);
        assertTrue(env.output().lines().anyMatch("DJL_OFFLINE=true"::equals), env::describe);
    }

    @Test
    void kernelCellSeesBothVariables() throws IOException {
        KitScripts.installKernelspec(tempDir, KitScripts.testClasspath());
        Path runCell = tempDir.resolve("run_cell.py");
        try (var script = getClass().getResourceAsStream("run_cell.py")) {
            assertNotNull(script, "test resource run_cell.py is missing");
            Files.copy(script, runCell);
        }

        ScriptResult cell = python(OFFLINE_VARIABLES, runCell.toString(),
                tempDir.resolve("kernels").toString(), KitScripts.KERNEL_NAME,
                PRINT_VARIABLES_CELL);

        assertEquals(0, cell.exitCode(), cell::describe);
        assertTrue(cell.output().lines().anyMatch("status=ok"::equals), cell::describe);
        assertTrue(cell.output().lines().anyMatch("OPT_OUT_TRACKING=true"::equals), cell::describe);
        assertTrue(cell.output().lines().anyMatch("DJL_OFFLINE=true"::equals), cell::describe);
    }

    @Test
    void notebookRunnerSetsBothVariables() throws IOException {
        // A kernelspec without the variables, so only the runner can pass them to the kernel.
        Path kernelJson = KitScripts.installKernelspec(tempDir.resolve("jupyter"),
                KitScripts.testClasspath());
        ScriptResult strip = python(List.of(), "-c", STRIP_KERNELSPEC_ENV, kernelJson.toString());
        assertEquals(0, strip.exitCode(), strip::describe);
        Path notebook = writeProbeNotebook(tempDir.resolve("offline-probe.ipynb"));
        Path outputDir = tempDir.resolve("results");

        ScriptResult run = python(OFFLINE_VARIABLES,
                KitScripts.environmentScript("execute_notebooks.py").toString(),
                notebook.toString(), "--profile", "smoke", "--output-dir", outputDir.toString(),
                "--jupyter-dir", tempDir.resolve("jupyter").toString());
        assertEquals(0, run.exitCode(), run::describe);
        ScriptResult printed = python(List.of(), "-c", PRINT_NOTEBOOK_STDOUT,
                outputDir.resolve("offline-probe.ipynb").toString());

        assertEquals(0, printed.exitCode(), printed::describe);
        assertTrue(printed.output().lines().anyMatch("OPT_OUT_TRACKING=true"::equals),
                printed::describe);
        assertTrue(printed.output().lines().anyMatch("DJL_OFFLINE=true"::equals),
                printed::describe);
    }

    @Test
    void ufskitExportsBothVariables() throws IOException {
        List<String> lines = Files.readAllLines(KitScripts.repositoryRoot().resolve("ufskit"));
        int exportLine = indexOfMatch(lines,
                "^export\\s+(?=.*\\bOPT_OUT_TRACKING=true\\b)(?=.*\\bDJL_OFFLINE=true\\b).*$");
        int dispatchLine = indexOfMatch(lines, "^case\\s.*\\sin$");

        assertTrue(exportLine >= 0,
                "ufskit has no top-level 'export OPT_OUT_TRACKING=true DJL_OFFLINE=true'");
        assertTrue(dispatchLine > exportLine,
                "ufskit must export the variables before it dispatches its commands; export at"
                        + " line " + (exportLine + 1) + ", dispatch at line " + (dispatchLine + 1));
    }

    @Test
    void ciRunGoesThroughUfskit() throws IOException {
        List<String> commands = new ArrayList<>();
        for (String line : Files.readAllLines(KitScripts.repositoryRoot().resolve(".ci/run"))) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                commands.add(line.strip());
            }
        }

        assertEquals("exec ./ufskit test", commands.get(commands.size() - 1),
                ".ci/run must end with 'exec ./ufskit test'; its commands are " + commands);
    }

    @Test
    void surefireConfigurationSetsBothVariables() throws Exception {
        Element environment = surefireEnvironmentVariables();

        for (String name : OFFLINE_VARIABLES) {
            NodeList values = environment.getElementsByTagName(name);
            assertEquals(1, values.getLength(),
                    "surefire's environmentVariables in pom.xml lacks " + name);
            assertEquals("true", values.item(0).getTextContent().strip(),
                    "surefire's environmentVariables in pom.xml sets " + name + " wrongly");
        }
    }

    @Test
    void testJvmSeesBothVariables() {
        for (String name : OFFLINE_VARIABLES) {
            assertEquals("true", System.getenv(name),
                    name + " in this test JVM; surefire's configuration should set it");
        }
    }

    private static ScriptResult python(List<String> removedEnv, String... arguments) {
        return KitScripts.runPython(SCRIPT_TIMEOUT, Map.of(), removedEnv, arguments);
    }

    private static int indexOfMatch(List<String> lines, String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (int i = 0; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i).strip()).matches()) {
                return i;
            }
        }
        return -1;
    }

    private static Path writeProbeNotebook(Path path) throws IOException {
        String source = PRINT_VARIABLES_CELL.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n");
        String notebook = """
                {"cells": [{"cell_type": "code", "execution_count": null, "id": "probe",
                  "metadata": {}, "outputs": [], "source": "%s"}],
                 "metadata": {"kernelspec": {"name": "ufskit-java", "language": "java",
                  "display_name": "Java (UFS kit)"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """.formatted(source);
        return Files.writeString(path, notebook);
    }

    private static Element surefireEnvironmentVariables() throws Exception {
        Path pom = KitScripts.repositoryRoot().resolve("pom.xml");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(pom.toFile());
        NodeList plugins = document.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            Element artifactId = (Element) plugin.getElementsByTagName("artifactId").item(0);
            if ("maven-surefire-plugin".equals(artifactId.getTextContent().strip())) {
                NodeList environment = plugin.getElementsByTagName("environmentVariables");
                assertEquals(1, environment.getLength(),
                        "maven-surefire-plugin in " + pom + " has no environmentVariables");
                return (Element) environment.item(0);
            }
        }
        throw new AssertionError("no maven-surefire-plugin in " + pom);
    }
}
