package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.train.TrainingConfig.Backbone;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    private static String rejection(TrainingConfig.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void learningRatesSetTogetherOrApart() {
        TrainingConfig same = TrainingConfig.builder().learningRate(3e-4).build();
        assertEquals(3e-4, same.learningRate());
        assertEquals(3e-4, same.criticLearningRate());
        TrainingConfig apart = TrainingConfig.builder().learningRates(1e-4, 4e-4).build();
        assertEquals(1e-4, apart.learningRate());
        assertEquals(4e-4, apart.criticLearningRate());
    }

    @Test
    void describeListsBackboneOptions() {
        Map<String, Object> described =
                TrainingConfig.builder()
                        .backbone(Backbone.BIGGAN, 128)
                        .latentDimension(120)
                        .classCount(10)
                        .gradientPenaltyWeight(0)
                        .accumulations(2)
                        .ema(0.9999, 20_000)
                        .orthogonalRegularization(1e-4)
                        .build()
                        .describe();
        assertEquals("BIGGAN", described.get("backbone"));
        assertEquals(128, described.get("imageSize"));
        assertEquals(10, described.get("classCount"));
        assertEquals(2, described.get("accumulations"));
        assertEquals(0.9999, described.get("emaDecay"));
        assertEquals(20_000L, described.get("emaStart"));
        assertEquals(1e-4, described.get("orthogonalRegularization"));
    }

    @Test
    void imageSizeMustSuitTheBackbone() {
        String message = rejection(TrainingConfig.builder().backbone(Backbone.SNGAN, 128));
        assertTrue(message.contains("[32, 64]"), message);
        assertTrue(message.contains("128"), message);
        message = rejection(TrainingConfig.builder().backbone(Backbone.WGAN_GP, 64));
        assertTrue(message.contains("[32]"), message);
    }

    @Test
    void classCountMustSuitBackbone() {
        String message =
                rejection(
                        TrainingConfig.builder()
                                .backbone(Backbone.BIGGAN, 64)
                                .gradientPenaltyWeight(0));
        assertTrue(message.contains("classCount must be at least 1"), message);
        message = rejection(TrainingConfig.builder().classCount(3).gradientPenaltyWeight(0));
        assertTrue(message.contains("unconditional"), message);
    }

    @Test
    void gradientPenaltyIsRejectedForConditionalCritics() {
        String message =
                rejection(TrainingConfig.builder().backbone(Backbone.SNGAN, 32).classCount(10));
        assertTrue(message.contains("gradientPenaltyWeight(0)"), message);
    }

    @Test
    void mapCriticExistsOnlyForWganGp() {
        String message =
                rejection(
                        TrainingConfig.builder()
                                .backbone(Backbone.SNGAN, 32)
                                .criticOutput(ResNetCritic.Output.MAP));
        assertTrue(message.contains("MAP"), message);
    }

    @Test
    void bigGanSizesMustFitItsLayout() {
        TrainingConfig.Builder bigGan =
                TrainingConfig.builder()
                        .backbone(Backbone.BIGGAN, 64)
                        .classCount(10)
                        .gradientPenaltyWeight(0)
                        .latentDimension(120);
        String message = rejection(bigGan.width(12));
        assertTrue(message.contains("width 12"), message);
        assertTrue(message.contains("multiples of 8"), message);
        message = rejection(bigGan.width(16).latentDimension(128));
        assertTrue(message.contains("multiple of 5"), message);
    }

    @Test
    void kAboveTheBatchSizeIsRejected() {
        String message =
                rejection(
                        TrainingConfig.builder()
                                .batchSize(4)
                                .steps(10)
                                .selection(
                                        SampleSelection.TOP_K,
                                        KSchedule.linear(8, 4, 10),
                                        "8 to 4"));
        assertTrue(message.contains("k = 8"), message);
        assertTrue(message.contains("batch has 4"), message);
        // The per-epoch decay is a fraction of the batch, so it always fits.
        TrainingConfig.builder()
                .batchSize(4)
                .selection(SampleSelection.TOP_K, KSchedule.epochDecay(0.99, 0.5), "decay")
                .build();
    }

    @Test
    void impossibleTrainingOptionsAreRejected() {
        assertTrue(
                rejection(TrainingConfig.builder().accumulations(0)).contains("accumulations"));
        assertTrue(rejection(TrainingConfig.builder().ema(1.0, 0)).contains("emaDecay"));
        assertTrue(rejection(TrainingConfig.builder().ema(0.9, -1)).contains("emaStart"));
        assertTrue(
                rejection(TrainingConfig.builder().orthogonalRegularization(Double.NaN))
                        .contains("orthogonalRegularization"));
        assertTrue(
                rejection(TrainingConfig.builder().learningRates(1e-4, 0))
                        .contains("criticLearningRate"));
    }
}
