package io.github.ufskit.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Starts the one deep learning engine the kit uses, DJL's PyTorch engine, with every network
 * access switched off.
 *
 * <p>DJL's engine start sends a telemetry request (it reads a cloud metadata address) unless
 * {@code OPT_OUT_TRACKING=true}, and downloads native libraries unless offline mode is on. The
 * kit's launchers set {@code OPT_OUT_TRACKING=true} and {@code DJL_OFFLINE=true} in the
 * environment; {@link #get()} also sets the equivalent system properties before the engine is
 * loaded, so library code started from a JVM without those variables stays offline too. The
 * native PyTorch library comes from the {@code pytorch-native-cpu} jar on the classpath.
 *
 * <p>DJL extracts that native library into its cache directory. Unless {@code DJL_CACHE_DIR} is
 * set, the kit points it at {@code ~/.cache/ufskit/djl} rather than DJL's default {@code
 * ~/.djl.ai}.
 */
public final class KitEngine {

    /** Name of the DJL engine every network of the kit runs on. */
    public static final String ENGINE_NAME = "PyTorch";

    private KitEngine() {}

    /**
     * Configures offline mode and returns the PyTorch engine, loading it on the first call.
     *
     * @return the PyTorch engine
     */
    public static synchronized Engine get() {
        configureOffline();
        return Engine.getEngine(ENGINE_NAME);
    }

    /**
     * Creates a base manager on the engine's default device.
     *
     * @return a new root manager; the caller closes it
     */
    public static NDManager newManager() {
        Engine engine = get();
        return engine.newBaseManager(engine.defaultDevice());
    }

    /**
     * Returns the device the kit trains on: the first GPU when the engine finds one, else the CPU.
     *
     * @return the default device of the PyTorch engine
     */
    public static Device device() {
        return get().defaultDevice();
    }

    /**
     * Sets the system properties that keep DJL from opening any network connection.
     *
     * <p>Safe to call many times. An explicit {@code DJL_OFFLINE=false} in the environment is
     * left alone, because it is the user's opt-in to downloads.
     */
    public static void configureOffline() {
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", defaultCacheDirectory().toString());
        }
        // The kit trains TorchScript helpers; the profiling graph executor only slows them down.
        if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        }
    }

    /**
     * Returns the kit's default DJL cache directory, {@code $XDG_CACHE_HOME/ufskit/djl} or
     * {@code ~/.cache/ufskit/djl}.
     *
     * @return the directory DJL extracts its native library into
     */
    public static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg == null || xdg.isBlank()
                        ? Paths.get(System.getProperty("user.home"), ".cache")
                        : Paths.get(xdg);
        return base.resolve("ufskit").resolve("djl");
    }
}
