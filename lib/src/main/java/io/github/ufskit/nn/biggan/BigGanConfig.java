package io.github.ufskit.nn.biggan;

/**
 * Size settings of a BigGAN generator and discriminator pair (Brock et al., 2019), checked when
 * the record is built.
 *
 * <p>The channel plans follow ajbrock/BigGAN-PyTorch BigGAN.py ({@code G_arch} and {@code
 * D_arch}), in multiples of the width W:
 *
 * <ul>
 *   <li>128 x 128: G blocks in [16, 16, 8, 4, 2] W, out [16, 8, 4, 2, 1] W, outputs 8 to 128; D
 *       blocks in [3, 1, 2, 4, 8, 16] W, out [1, 2, 4, 8, 16, 16] W, outputs 64 to 4 then 4.
 *   <li>64 x 64: G in [16, 16, 8, 4] W, out [16, 8, 4, 2] W, outputs 8 to 64; D in [3, 1, 2, 4, 8]
 *       W, out [1, 2, 4, 8, 16] W, outputs 32 to 4 then 4.
 * </ul>
 *
 * <p>The generator's latent z is split into (G blocks + 1) equal chunks, so the latent size must
 * be a multiple of 6 at 128 x 128 and of 5 at 64 x 64; the paper's 120 is both.
 *
 * @param resolution the image side, 64 or 128
 * @param width W, the channel multiplier, at least 1; attention needs the attended channels to be
 *     a multiple of 8 (see {@link #validate})
 * @param classes number of classes, 0 for an unconditional pair (no shared embedding in G, no
 *     projection embedding in D)
 * @param latentDimension size of z, a multiple of (G blocks + 1)
 * @param sharedEmbeddingSize length of G's shared class embedding, at least 1
 * @param attentionResolution side of the feature maps after which both networks apply
 *     self-attention: a power of two from 8 to resolution / 2, or 0 for no attention
 */
public record BigGanConfig(
        int resolution,
        int width,
        int classes,
        int latentDimension,
        int sharedEmbeddingSize,
        int attentionResolution) {

    /** Latent size of BigGAN ({@code --dim_z 120} in BigGAN-PyTorch's launch scripts). */
    public static final int PAPER_LATENT = 120;

    /** Shared embedding size of BigGAN ({@code --shared_dim 128}). */
    public static final int PAPER_SHARED_EMBEDDING = 128;

    /** Width of the BigGAN paper's 128 x 128 ImageNet model ({@code --G_ch 96 --D_ch 96}). */
    public static final int PAPER_WIDTH_128 = 96;

    /** Default width of BigGAN-PyTorch's model definition ({@code G_ch=64, D_ch=64}). */
    public static final int DEFAULT_WIDTH_64 = 64;

    /** Checks the settings; see {@link #validate}. */
    public BigGanConfig {
        validate(
                resolution,
                width,
                classes,
                latentDimension,
                sharedEmbeddingSize,
                attentionResolution);
    }

    /**
     * Returns the 128 x 128 configuration of the BigGAN paper: W = 96, latent 120, shared
     * embedding 128, attention at 64 x 64 (BigGAN-PyTorch scripts/launch_BigGAN_bs256x8.sh).
     *
     * @param classes number of classes; ImageNet has 1000
     * @return the configuration
     */
    public static BigGanConfig resolution128(int classes) {
        return new BigGanConfig(
                128, PAPER_WIDTH_128, classes, PAPER_LATENT, PAPER_SHARED_EMBEDDING, 64);
    }

    /**
     * Returns a 64 x 64 configuration: W = 64 (BigGAN-PyTorch's default width), latent 120,
     * shared embedding 128, attention at 32 x 32.
     *
     * <p>The reference applies attention at 64 x 64 for 128 x 128 images, one level below the
     * output in G and after the first block in D. Attention at 32 x 32 keeps that place at 64 x 64
     * and costs a sixteenth of the attention map at 64 x 64 (1024 x 256 entries per image instead
     * of 4096 x 1024). BigGAN-PyTorch's default attention at 64 would skip D at this size, because
     * no D block outputs 64 x 64. PyTorch-StudioGAN's 64 x 64 BigGAN (src/configs/Baby_ImageNet/
     * BigGAN.yaml, attention after G block 3 and D block 1) also attends at 32 x 32.
     *
     * @param classes number of classes
     * @return the configuration
     */
    public static BigGanConfig resolution64(int classes) {
        return new BigGanConfig(
                64, DEFAULT_WIDTH_64, classes, PAPER_LATENT, PAPER_SHARED_EMBEDDING, 32);
    }

    /**
     * Returns this configuration with another width, for narrow CPU runs.
     *
     * @param newWidth W, at least 1
     * @return the changed configuration
     */
    public BigGanConfig withWidth(int newWidth) {
        return new BigGanConfig(
                resolution,
                newWidth,
                classes,
                latentDimension,
                sharedEmbeddingSize,
                attentionResolution);
    }

    /**
     * Returns this configuration with another attention resolution.
     *
     * @param newAttentionResolution a power of two from 8 to resolution / 2, or 0 for none
     * @return the changed configuration
     */
    public BigGanConfig withAttentionResolution(int newAttentionResolution) {
        return new BigGanConfig(
                resolution,
                width,
                classes,
                latentDimension,
                sharedEmbeddingSize,
                newAttentionResolution);
    }

    /**
     * Returns this configuration with another latent size.
     *
     * @param newLatentDimension a multiple of (G blocks + 1)
     * @return the changed configuration
     */
    public BigGanConfig withLatentDimension(int newLatentDimension) {
        return new BigGanConfig(
                resolution,
                width,
                classes,
                newLatentDimension,
                sharedEmbeddingSize,
                attentionResolution);
    }

    /**
     * Checks a set of settings.
     *
     * @param resolution 64 or 128
     * @param width at least 1
     * @param classes at least 0
     * @param latentDimension a positive multiple of (G blocks + 1)
     * @param sharedEmbeddingSize at least 1
     * @param attentionResolution 0, or a power of two from 8 to resolution / 2 at which the
     *     attended channels (the G block's and the D block's outputs) are multiples of 8
     * @throws IllegalArgumentException naming the invalid value and the fix
     */
    public static void validate(
            int resolution,
            int width,
            int classes,
            int latentDimension,
            int sharedEmbeddingSize,
            int attentionResolution) {
        if (resolution != 64 && resolution != 128) {
            throw new IllegalArgumentException(
                    "BigGAN resolution must be 64 or 128, got " + resolution);
        }
        requireAtLeast("width", width, 1);
        requireAtLeast("classes", classes, 0);
        requireAtLeast("latent dimension", latentDimension, 1);
        requireAtLeast("shared embedding size", sharedEmbeddingSize, 1);
        int chunks = generatorMultipliers(resolution).length;
        if (latentDimension % chunks != 0) {
            int lower = Math.max(chunks, latentDimension / chunks * chunks);
            throw new IllegalArgumentException(
                    "BigGAN at "
                            + resolution
                            + " x "
                            + resolution
                            + " splits z into "
                            + chunks
                            + " equal chunks (one per generator block plus one), but the latent"
                            + " dimension "
                            + latentDimension
                            + " is not a multiple of "
                            + chunks
                            + "; use "
                            + lower
                            + " or "
                            + (lower + chunks)
                            + " (the paper's 120 fits both resolutions)");
        }
        if (attentionResolution != 0) {
            checkAttention(resolution, width, attentionResolution);
        }
    }

    private static void checkAttention(int resolution, int width, int attentionResolution) {
        boolean powerOfTwo = Integer.bitCount(attentionResolution) == 1;
        if (!powerOfTwo || attentionResolution < 8 || attentionResolution > resolution / 2) {
            throw new IllegalArgumentException(
                    "attention resolution must be 0 (none) or a power of two from 8 to "
                            + resolution / 2
                            + " for "
                            + resolution
                            + " x "
                            + resolution
                            + " images, got "
                            + attentionResolution);
        }
        int generatorChannels = generatorChannelsAt(resolution, width, attentionResolution);
        int discriminatorChannels = discriminatorChannelsAt(resolution, width, attentionResolution);
        if (!attentionFits(resolution, width, attentionResolution)) {
            throw new IllegalArgumentException(
                    "self-attention at "
                            + attentionResolution
                            + " x "
                            + attentionResolution
                            + " needs channels divisible by 8, but width "
                            + width
                            + " gives "
                            + generatorChannels
                            + " channels in G and "
                            + discriminatorChannels
                            + " in D; use a width that is a multiple of 8 or attention"
                            + " resolution 0");
        }
    }

    /**
     * Tells whether self-attention at a resolution gets channel counts divisible by 8 in both
     * networks, as its 1 x 1 convolutions to C / 8 channels need.
     *
     * @param resolution the image side, 64 or 128
     * @param width W, the channel multiplier
     * @param attentionResolution a power of two from 8 to resolution / 2
     * @return true when both networks have a multiple of 8 channels there
     */
    public static boolean attentionFits(int resolution, int width, int attentionResolution) {
        return generatorChannelsAt(resolution, width, attentionResolution) % 8 == 0
                && discriminatorChannelsAt(resolution, width, attentionResolution) % 8 == 0;
    }

    private static void requireAtLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(
                    name + " must be at least " + minimum + ", got " + value);
        }
    }

    private static int[] generatorMultipliers(int resolution) {
        return resolution == 128 ? new int[] {16, 16, 8, 4, 2, 1} : new int[] {16, 16, 8, 4, 2};
    }

    private static int[] discriminatorMultipliers(int resolution) {
        return resolution == 128 ? new int[] {1, 2, 4, 8, 16, 16} : new int[] {1, 2, 4, 8, 16};
    }

    private static int generatorChannelsAt(int resolution, int width, int side) {
        int[] multipliers = generatorMultipliers(resolution);
        int block = Integer.numberOfTrailingZeros(side) - 3;
        return multipliers[block + 1] * width;
    }

    private static int discriminatorChannelsAt(int resolution, int width, int side) {
        int block = Integer.numberOfTrailingZeros(resolution / side) - 1;
        return discriminatorMultipliers(resolution)[block] * width;
    }

    /**
     * Returns the number of generator blocks, 5 at 128 x 128 and 4 at 64 x 64.
     *
     * @return the block count
     */
    public int generatorBlocks() {
        return generatorMultipliers(resolution).length - 1;
    }

    /**
     * Returns the channels of the generator's first map followed by each block's output.
     *
     * @return [16 W, out_1, ..., out_B]
     */
    public int[] generatorChannels() {
        return scaled(generatorMultipliers(resolution));
    }

    /**
     * Returns the output channels of each discriminator block; the first block reads RGB.
     *
     * @return [out_1, ..., out_B]
     */
    public int[] discriminatorChannels() {
        return scaled(discriminatorMultipliers(resolution));
    }

    /**
     * Returns the length of each latent chunk.
     *
     * @return latentDimension / (G blocks + 1)
     */
    public int chunkSize() {
        return latentDimension / (generatorBlocks() + 1);
    }

    /**
     * Returns the length of the condition vector of each generator block: its latent chunk, plus
     * the shared class embedding when the pair has classes.
     *
     * @return chunkSize, plus sharedEmbeddingSize with classes
     */
    public int conditionSize() {
        return chunkSize() + (classes > 0 ? sharedEmbeddingSize : 0);
    }

    /**
     * Returns the index of the generator block after which self-attention runs.
     *
     * @return the 0-based block index, or -1 without attention
     */
    public int generatorAttentionBlock() {
        return attentionResolution == 0
                ? -1
                : Integer.numberOfTrailingZeros(attentionResolution) - 3;
    }

    /**
     * Returns the index of the discriminator block after which self-attention runs.
     *
     * @return the 0-based block index, or -1 without attention
     */
    public int discriminatorAttentionBlock() {
        return attentionResolution == 0
                ? -1
                : Integer.numberOfTrailingZeros(resolution / attentionResolution) - 1;
    }

    private int[] scaled(int[] multipliers) {
        int[] channels = new int[multipliers.length];
        for (int i = 0; i < multipliers.length; i++) {
            channels[i] = multipliers[i] * width;
        }
        return channels;
    }
}
