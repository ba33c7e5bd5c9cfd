package io.github.ufskit.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import io.github.ufskit.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saves and restores the state of a GAN run under {@code <run>/checkpoints/}.
 *
 * <p>Each checkpoint is a directory {@code step-NNNNNNNN} with the generator's and critic's
 * parameters (batch-norm statistics and spectral norm's vectors included), the EMA generator's
 * when the run keeps one, both optimizers' moments and a {@code state.json}. It is first written under a temporary name and renamed when complete; then the
 * file {@code latest} is replaced atomically to point at it. A crash at any moment leaves the
 * previous checkpoint usable.
 */
public final class Checkpoints {

    private static final int FORMAT = 1;
    private static final String LATEST = "latest";

    private final Path directory;
    private final int keep;

    /**
     * Creates the checkpoint store of a run.
     *
     * @param runDirectory the run's directory
     * @param keep how many checkpoints to keep, at least 1
     */
    public Checkpoints(Path runDirectory, int keep) {
        this.directory = runDirectory.resolve("checkpoints");
        this.keep = keep;
    }

    /**
     * Returns the step of the latest complete checkpoint.
     *
     * @return the step, or -1 when there is none
     * @throws IOException when the pointer file cannot be read
     */
    public long latestStep() throws IOException {
        Path pointer = directory.resolve(LATEST);
        if (!Files.exists(pointer)) {
            return -1;
        }
        String name = new String(Files.readAllBytes(pointer), StandardCharsets.UTF_8).trim();
        if (!name.matches("step-[0-9]{8}")) {
            throw new IOException(
                    "checkpoint pointer "
                            + pointer
                            + " is damaged (it should name a directory like step-00001000);"
                            + " write the name of an existing checkpoint directory into it, or"
                            + " delete it to start over");
        }
        Path state = directory.resolve(name).resolve("state.json");
        if (!Files.exists(state)) {
            throw new IOException(
                    "checkpoint pointer "
                            + pointer
                            + " names "
                            + name
                            + ", which has no state.json; delete the pointer to start over or"
                            + " point it at an existing checkpoint directory");
        }
        try {
            JsonObject json =
                    JsonParser.parseString(Files.readString(state, StandardCharsets.UTF_8))
                            .getAsJsonObject();
            return json.get("step").getAsLong();
        } catch (RuntimeException e) {
            throw new IOException(
                    state
                            + " is damaged ("
                            + e.getMessage()
                            + "); point "
                            + pointer
                            + " at an earlier checkpoint directory, or delete it to start over",
                    e);
        }
    }

    /**
     * Writes a checkpoint.
     *
     * @param step the generator step reached
     * @param generator the generator network
     * @param critic the critic network
     * @param generatorOptimizer the generator's Adam
     * @param criticOptimizer the critic's Adam
     * @throws IOException when writing fails; earlier checkpoints stay intact
     */
    public void save(
            long step, Block generator, Block critic, Adam generatorOptimizer, Adam criticOptimizer)
            throws IOException {
        save(step, generator, critic, generatorOptimizer, criticOptimizer, null);
    }

    /**
     * Writes a checkpoint that may include the EMA of the generator's weights.
     *
     * @param step the generator step reached
     * @param generator the generator network
     * @param critic the critic network
     * @param generatorOptimizer the generator's Adam
     * @param criticOptimizer the critic's Adam
     * @param averagedGenerator the EMA generator, or null when the run keeps none
     * @throws IOException when writing fails; earlier checkpoints stay intact
     */
    public void save(
            long step,
            Block generator,
            Block critic,
            Adam generatorOptimizer,
            Adam criticOptimizer,
            Block averagedGenerator)
            throws IOException {
        Files.createDirectories(directory);
        String name = String.format("step-%08d", step);
        Path temporary = Files.createTempDirectory(directory, ".incomplete-" + name);
        try {
            saveBlock(temporary.resolve("generator.params"), generator);
            saveBlock(temporary.resolve("critic.params"), critic);
            if (averagedGenerator != null) {
                saveBlock(temporary.resolve("generator-ema.params"), averagedGenerator);
            }
            Files.write(temporary.resolve("adam-generator.bin"), generatorOptimizer.save());
            Files.write(temporary.resolve("adam-critic.bin"), criticOptimizer.save());
            JsonObject state = new JsonObject();
            state.addProperty("format", FORMAT);
            state.addProperty("step", step);
            Files.writeString(temporary.resolve("state.json"), state.toString());
            Path target = directory.resolve(name);
            deleteRecursively(target);
            AtomicFiles.move(temporary, target);
        } finally {
            deleteRecursively(temporary);
        }
        AtomicFiles.writeString(directory.resolve(LATEST), name + "\n");
        prune(name);
    }

    /**
     * Restores the latest checkpoint into initialized networks and optimizers.
     *
     * @param manager the manager for the loaded parameters
     * @param generator the generator network
     * @param critic the critic network
     * @param generatorOptimizer the generator's Adam
     * @param criticOptimizer the critic's Adam
     * @return the step of the checkpoint
     * @throws IOException when a file is missing or damaged
     */
    public long restore(
            NDManager manager,
            Block generator,
            Block critic,
            Adam generatorOptimizer,
            Adam criticOptimizer)
            throws IOException {
        return restore(manager, generator, critic, generatorOptimizer, criticOptimizer, null);
    }

    /**
     * Restores the latest checkpoint, including the EMA generator when one is given.
     *
     * @param manager the manager for the loaded parameters
     * @param generator the generator network
     * @param critic the critic network
     * @param generatorOptimizer the generator's Adam
     * @param criticOptimizer the critic's Adam
     * @param averagedGenerator the EMA generator, or null when the run keeps none
     * @return the step of the checkpoint
     * @throws IOException when a file is missing or damaged
     */
    public long restore(
            NDManager manager,
            Block generator,
            Block critic,
            Adam generatorOptimizer,
            Adam criticOptimizer,
            Block averagedGenerator)
            throws IOException {
        long step = latestStep();
        if (step < 0) {
            throw new IOException("no checkpoint in " + directory);
        }
        Path source = directory.resolve(String.format("step-%08d", step));
        loadBlock(source.resolve("generator.params"), manager, generator);
        loadBlock(source.resolve("critic.params"), manager, critic);
        if (averagedGenerator != null) {
            loadBlock(source.resolve("generator-ema.params"), manager, averagedGenerator);
        }
        loadOptimizer(source.resolve("adam-generator.bin"), generatorOptimizer);
        loadOptimizer(source.resolve("adam-critic.bin"), criticOptimizer);
        return step;
    }

    private static void loadOptimizer(Path file, Adam optimizer) throws IOException {
        try {
            optimizer.load(Files.readAllBytes(file));
        } catch (RuntimeException e) {
            throw new IOException(
                    "cannot load " + file + ": " + e.getMessage() + "; the checkpoint is damaged",
                    e);
        }
    }

    private static void saveBlock(Path file, Block block) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
                DataOutputStream data = new DataOutputStream(out)) {
            block.saveParameters(data);
        }
    }

    private static void loadBlock(Path file, NDManager manager, Block block) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream data = new DataInputStream(in)) {
            block.loadParameters(manager, data);
            // Loaded arrays are new and collect no gradients until setRequiresGradient(true).
            for (Parameter parameter : block.getParameters().values()) {
                if (parameter.requiresGradient()) {
                    parameter.getArray().setRequiresGradient(true);
                }
            }
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new IOException(
                    "cannot load "
                            + file
                            + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "; the checkpoint is damaged or belongs to a network of another"
                            + " width or shape",
                    e);
        }
    }

    private void prune(String newest) throws IOException {
        List<Path> complete = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(complete::add);
        }
        try (Stream<Path> entries = Files.list(directory)) {
            // Directories a crash left half-written are never a checkpoint.
            for (Path leftover :
                    entries.filter(p -> p.getFileName().toString().startsWith(".incomplete-"))
                            .toList()) {
                deleteRecursively(leftover);
            }
        }
        int excess = complete.size() - keep;
        for (int i = 0; i < excess; i++) {
            if (!complete.get(i).getFileName().toString().equals(newest)) {
                deleteRecursively(complete.get(i));
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }
}
