package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.ptq.TrainedSmallCnn;
import io.quantlab.quant.QuantParams;
import io.quantlab.torch.TorchThread;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QAT of a small CNN trained in the test on a Fashion-MNIST subset: it wins back what PTQ loses
 * at low bits, its observers and BatchNorm statistics freeze when told, and its result deploys to
 * ONNX Runtime like a PTQ result.
 */
class QuantizationAwareTrainingTest {

    private static final Dataset DATA = TrainedSmallCnn.DATA;
    private static final int TEST_IMAGES = 2000;
    private static TrainConfig parentTraining;
    private static ModelSpec spec;
    private static TrainedParameters parent;

    @BeforeAll
    static void train() {
        TrainedSmallCnn trained = TrainedSmallCnn.train();
        parentTraining = trained.training();
        spec = trained.spec();
        parent = trained.parameters();
    }

    private static double simulated(TrainedParameters parameters, ModelQuantization quantization) {
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, quantization)) {
            return network.testAccuracy(DATA, TEST_IMAGES);
        }
    }

    @Test
    void oneQatEpochAtTwoBitWeightsBeatsPtq() {
        double ptq = simulated(parent, Calibration.run(spec, parent, DATA,
                PtqConfig.of(Map.of("weightBits", 2, "calibrationBatches", 2))).quantization());
        QuantizationAwareTraining.Result qat = QuantizationAwareTraining.run(spec, parent, DATA, parentTraining,
                QatConfig.of(Map.of("weightBits", 2, "optimizer", "adam")), TrainListener.NONE);
        double trained = simulated(qat.parameters(), qat.quantization());
        assertTrue(trained > ptq + 5, "W2A8 PTQ " + ptq + "%, after one QAT epoch " + trained + "%");
    }

    @Test
    void oneLsqEpochAtTwoBitWeightsBeatsPtq() {
        double ptq = simulated(parent, Calibration.run(spec, parent, DATA,
                PtqConfig.of(Map.of("weightBits", 2, "calibrationBatches", 2))).quantization());
        QuantizationAwareTraining.Result lsq = QuantizationAwareTraining.run(spec, parent, DATA, parentTraining,
                QatConfig.of(Map.of("weightBits", 2, "weightQuantizer", "lsq", "activationQuantizer", "lsq",
                        "optimizer", "adam")), TrainListener.NONE);
        double trained = simulated(lsq.parameters(), lsq.quantization());
        System.out.println("W2A8 PTQ " + ptq + "%, after one LSQ epoch " + trained + "%");
        assertTrue(trained > ptq + 5, "W2A8 PTQ " + ptq + "%, after one LSQ epoch " + trained + "%");
    }

    @Test
    void observersAndBatchNormStopMovingAfterTheirEpoch() {
        TrainConfig small = new TrainConfig(DATA.name(), "small-cnn", 1, 64, 0.001, "adam", 0.9, 0, 640, 0);
        List<Snapshot> frozen = snapshots(small, QatConfig.of(Map.of("epochs", 2, "learningRate", 0.01,
                "freezeObserversAfter", 1, "freezeBatchNormAfter", 1)));
        assertEquals(frozen.get(0).ranges(), frozen.get(1).ranges(), "observer ranges after epochs 1 and 2");
        assertArrayEquals(frozen.get(0).runningMean(), frozen.get(1).runningMean(), 0f, "bn1 running mean");
        assertArrayEquals(frozen.get(0).runningVar(), frozen.get(1).runningVar(), 0f, "bn1 running variance");
        assertFalse(Arrays.equals(frozen.get(0).weight(), frozen.get(1).weight()), "conv1 still trains in epoch 2");

        List<Snapshot> moving = snapshots(small, QatConfig.of(Map.of("epochs", 2, "learningRate", 0.01,
                "freezeObserversAfter", 2, "freezeBatchNormAfter", 2)));
        assertNotEquals(moving.get(0).ranges(), moving.get(1).ranges(), "observer ranges move without freezing");
        assertFalse(Arrays.equals(moving.get(0).runningMean(), moving.get(1).runningMean()),
                "bn1 running mean moves without freezing");
    }

    /** Observer ranges, bn1's running statistics and conv1's weight at the end of each epoch. */
    private record Snapshot(Map<String, QuantParams> ranges, float[] runningMean, float[] runningVar, float[] weight) {}

    private static List<Snapshot> snapshots(TrainConfig training, QatConfig config) {
        QatNetwork network = new QatNetwork(spec, parent, config);
        List<Snapshot> snapshots = new ArrayList<>();
        QuantizationAwareTraining.run(network, DATA, training, config, TrainListener.onEpochDone(stats ->
                snapshots.add(TorchThread.call(() -> new Snapshot(network.activationGrids(),
                        parameter(network, "bn1", "runningMean"), parameter(network, "bn1", "runningVar"),
                        parameter(network, "conv1", "weight"))))));
        return snapshots;
    }

    private static float[] parameter(QatNetwork network, String node, String name) {
        return network.graph().nodeBlock(node).getParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void eightBitQatDeploysToOnnxRuntimeWithItsSimulatedAccuracy() {
        QuantizationAwareTraining.Result qat = QuantizationAwareTraining.run(spec, parent, DATA, parentTraining,
                QatConfig.defaults(), TrainListener.NONE);
        double simulated = simulated(qat.parameters(), qat.quantization());
        double deployed;
        try (DeployedModel model = DeployedModel.load(QdqExport.write(spec, qat.parameters(),
                InputNormalization.of(DATA), qat.quantization()))) {
            deployed = model.accuracy(InputNormalization.scaledTestImages(DATA, 0, TEST_IMAGES),
                    Arrays.copyOf(DATA.testLabels(), TEST_IMAGES));
        }
        double fp32 = simulated(parent, Calibration.run(spec, parent, DATA, PtqConfig.defaults()).quantization());
        assertEquals(simulated, deployed, 0.5, "QAT W8A8 simulated " + simulated + "%, deployed " + deployed + "%");
        assertTrue(simulated > fp32 - 1, "PTQ W8A8 " + fp32 + "%, QAT W8A8 " + simulated + "%");
    }
}
