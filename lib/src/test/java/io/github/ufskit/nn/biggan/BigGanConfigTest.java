package io.github.ufskit.nn.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BigGanConfigTest {

    private static String rejection(Runnable build) {
        return assertThrows(IllegalArgumentException.class, build::run).getMessage();
    }

    @Test
    void resolution128FollowsPaper() {
        BigGanConfig config = BigGanConfig.resolution128(1000);
        assertEquals(96, config.width());
        assertEquals(120, config.latentDimension());
        assertEquals(20, config.chunkSize());
        assertEquals(148, config.conditionSize());
        assertEquals(64, config.attentionResolution());
        assertArrayEquals(new int[] {1536, 1536, 768, 384, 192, 96}, config.generatorChannels());
        assertArrayEquals(
                new int[] {96, 192, 384, 768, 1536, 1536}, config.discriminatorChannels());
        // G blocks output 8, 16, 32, 64, 128: attention after the fourth; D blocks output 64 first.
        assertEquals(3, config.generatorAttentionBlock());
        assertEquals(0, config.discriminatorAttentionBlock());
    }

    @Test
    void resolution64AttendsAt32() {
        BigGanConfig config = BigGanConfig.resolution64(10);
        assertEquals(64, config.width());
        assertEquals(24, config.chunkSize());
        assertEquals(152, config.conditionSize());
        assertArrayEquals(new int[] {1024, 1024, 512, 256, 128}, config.generatorChannels());
        assertArrayEquals(new int[] {64, 128, 256, 512, 1024}, config.discriminatorChannels());
        assertEquals(2, config.generatorAttentionBlock());
        assertEquals(0, config.discriminatorAttentionBlock());
    }

    @Test
    void unconditionalConditionIsChunkOnly() {
        BigGanConfig config = BigGanConfig.resolution64(0);
        assertEquals(24, config.conditionSize());
    }

    @Test
    void noAttentionHasNoBlock() {
        BigGanConfig config = BigGanConfig.resolution128(5).withAttentionResolution(0);
        assertEquals(-1, config.generatorAttentionBlock());
        assertEquals(-1, config.discriminatorAttentionBlock());
        assertEquals(4, config.withWidth(4).width());
    }

    @Test
    void unevenLatentIsRejected() {
        String message = rejection(() -> BigGanConfig.resolution128(10).withLatentDimension(100));
        assertTrue(message.contains("6 equal chunks"), message);
        assertTrue(message.contains("use 96 or 102"), message);
        assertEquals(100, BigGanConfig.resolution64(10).withLatentDimension(100).latentDimension());
    }

    @Test
    void attentionOutsideBlocksIsRejected() {
        assertTrue(
                rejection(() -> BigGanConfig.resolution64(1).withAttentionResolution(64))
                        .contains("from 8 to 32"));
        assertTrue(
                rejection(() -> BigGanConfig.resolution128(1).withAttentionResolution(4))
                        .contains("from 8 to 64"));
        assertTrue(
                rejection(() -> BigGanConfig.resolution128(1).withAttentionResolution(24))
                        .contains("power of two"));
    }

    @Test
    void attentionChannelsMustDivideByEight() {
        // D's first block outputs W channels at 32 x 32 for 64 x 64 images.
        String message = rejection(() -> BigGanConfig.resolution64(1).withWidth(4));
        assertTrue(message.contains("divisible by 8"), message);
        assertTrue(message.contains("4 in D"), message);
        assertEquals(
                4, BigGanConfig.resolution64(1).withAttentionResolution(0).withWidth(4).width());
    }

    @Test
    void otherSizesAreRejected() {
        assertTrue(rejection(() -> new BigGanConfig(32, 8, 0, 120, 128, 0)).contains("64 or 128"));
        assertTrue(rejection(() -> new BigGanConfig(64, 0, 0, 120, 128, 0)).contains("width"));
        assertTrue(rejection(() -> new BigGanConfig(64, 8, -1, 120, 128, 0)).contains("classes"));
        assertTrue(rejection(() -> new BigGanConfig(64, 8, 1, 120, 0, 0)).contains("shared"));
    }
}
