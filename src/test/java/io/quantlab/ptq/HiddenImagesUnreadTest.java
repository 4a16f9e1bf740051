package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.data.FileOrderTestImages;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.train.Evaluation;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No number a student sees reads a hidden test image: a twin of the synthetic data set whose
 * hidden images are inverted and relabelled gives exactly the same accuracies everywhere a
 * student-visible number comes from (the training report's evaluation, PTQ's FP32 reference,
 * simulated and deployed accuracy, the fake-quantized network QAT evaluates with), while its
 * hidden split, which grading reads, gives a very different one.
 */
class HiddenImagesUnreadTest {

    private static Dataset clean;
    private static Dataset poisoned;
    private static ModelSpec spec;
    private static TrainedParameters parameters;

    @BeforeAll
    static void trainAndPoison() {
        Datasets datasets = new Datasets();
        clean = datasets.get("synthetic");
        TrainConfig config = new TrainConfig("synthetic", "small-cnn", 1, 64, 0.002, "adam", 0.9, 0, 2000, 3);
        TrainResult result = new Trainer(datasets).run(config, TrainListener.NONE);
        spec = Trainer.modelSpec(config, clean);
        parameters = TrainedParameters.load(spec, result.parameterBytes());

        byte[] test = FileOrderTestImages.pixels(clean);
        int[] labels = FileOrderTestImages.labels(clean);
        int size = clean.imageSize();
        for (int i : Dataset.hiddenTestIndices(labels.length)) {
            labels[i] = (labels[i] + 1) % clean.classes();
            for (int p = i * size; p < (i + 1) * size; p++) {
                test[p] = (byte) (255 - (test[p] & 0xff));
            }
        }
        poisoned = new Dataset(clean.name(), clean.channels(), clean.height(), clean.width(), clean.classes(),
                FileOrderTestImages.trainPixels(clean), clean.trainLabels().clone(), test, labels,
                clean.mean(), clean.std(), clean.classNames());
    }

    @Test
    void everyVisibleEvaluationIgnoresTheHiddenImages() {
        assertEquals(clean.testSize(), poisoned.testSize());
        assertEquals(trainingReport(clean), trainingReport(poisoned));

        PtqPipeline cleanPipeline = new PtqPipeline(spec, parameters, clean);
        PtqPipeline poisonedPipeline = new PtqPipeline(spec, parameters, poisoned);
        assertEquals(cleanPipeline.fp32(PtqListener.NONE).accuracy(), poisonedPipeline.fp32(PtqListener.NONE).accuracy());
        PtqPipeline.Result a = cleanPipeline.quantize(PtqConfig.defaults(), PtqListener.NONE);
        PtqPipeline.Result b = poisonedPipeline.quantize(PtqConfig.defaults(), PtqListener.NONE);
        assertEquals(a.simulatedAccuracy(), b.simulatedAccuracy(), "simulated");
        assertEquals(a.deployed().accuracy(), b.deployed().accuracy(), "deployed");
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, a.calibration().quantization())) {
            assertEquals(network.testAccuracy(clean, clean.testSize()), network.testAccuracy(poisoned, poisoned.testSize()));
        }
    }

    @Test
    void gradingReadsTheHiddenImages() {
        double cleanHidden = new PtqPipeline(spec, parameters, clean.hiddenSplit()).fp32(PtqListener.NONE).accuracy();
        double poisonedHidden = new PtqPipeline(spec, parameters, poisoned.hiddenSplit()).fp32(PtqListener.NONE).accuracy();
        assertTrue(cleanHidden > 50, "the model learned something: " + cleanHidden);
        assertTrue(poisonedHidden < cleanHidden - 30, "clean " + cleanHidden + "%, poisoned " + poisonedHidden + "%");
    }

    /** What the training report's test accuracy is computed with. */
    private static double trainingReport(Dataset data) {
        try (DjlNetwork network = new DjlNetwork(spec, parameters)) {
            return Evaluation.testAccuracy(network.block, network.manager(), data, null);
        }
    }
}
