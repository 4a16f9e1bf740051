package io.quantlab.ptq;

import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.quant.BitPacking;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.TensorSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An estimate, from the model's shapes alone, of the quantized model on a Cortex-M
 * microcontroller; nothing here is measured ({@link #NOTE} says so on the page).
 *
 * <ul>
 *   <li>flash: the weights packed at their bits ({@link TensorSize}), plus parameters: biases as
 *       int32 (4 bytes, float32 where the layer is not quantized), the weights' scales and
 *       zero-points, each quantized activation's scale and zero-point, an unfolded BatchNorm's
 *       per-channel scale and shift in float32;
 *   <li>peak RAM: the most activation bytes live at once, at any step: its inputs, its output
 *       and tensors an Add further on still needs; quantized activations packed at the activation
 *       bits, the others float32; a sequential model's peak is its largest input + output pair;
 *   <li>latency: MACs × cycles per MAC ÷ clock, for int8 kernels.
 * </ul>
 *
 * @param macs          multiply-accumulates of one inference, every step
 * @param peakRamStep   the step at which the peak RAM is reached
 */
public record McuEstimate(long macs, long flashBytes, long weightBytes, long parameterBytes, long peakRamBytes,
                          String peakRamStep, List<Step> steps, List<Chip> chips, String note) {

    /** One deployed step: its MACs, its weights and parameters in flash, the activation bytes live while it runs. */
    public record Step(String step, String kind, long macs, long flashBytes, long ramBytes) {}

    /** A chip class: clock, assumed cycles per MAC and the latency they give. */
    public record Chip(String name, double clockMhz, double cyclesPerMac, double latencyMs) {}

    /**
     * Cycles per int8 MAC with CMSIS-NN-class kernels (Lai, Suda, Chandra 2018, "CMSIS-NN:
     * Efficient Neural Network Kernels for Arm Cortex-M CPUs", arXiv:1801.06601), which feed the
     * DSP extension's SMLAD (two 16-bit MACs per instruction) from int8 data widened to 16 bits:
     * about 2 cycles on the single-issue Cortex-M4 once loads and the widening are paid, about 1 on
     * the dual-issue Cortex-M7. Our assumption, not a measurement; memory stalls and the steps
     * without MACs (pooling, requantization) come on top.
     */
    private static final List<Core> CORES = List.of(new Core("Cortex-M4 (168 MHz)", 168, 2),
            new Core("Cortex-M7 (480 MHz)", 480, 1));

    private record Core(String name, double clockMhz, double cyclesPerMac) {}

    static final String NOTE = "Estimate from the model's shapes, not a measurement: flash = packed weights"
            + " + int32 biases + scales and zero-points; peak RAM = the most activation bytes live at once"
            + " (a step's input and output, plus tensors kept for a later Add); latency = MACs x cycles per MAC"
            + " / clock for int8 kernels such as CMSIS-NN's, without memory stalls or the steps without MACs.";

    private static final int FLOAT_BYTES = Float.BYTES;
    private static final int BIAS_BYTES = Integer.BYTES;

    public static McuEstimate of(ModelSpec spec, PtqConfig config) {
        DeployPlan plan = DeployPlan.of(spec, config.foldBatchNorm());
        Map<String, ModelShapes.NodeShape> shapes = new HashMap<>();
        ModelShapes.of(spec).forEach(shape -> shapes.put(shape.name(), shape));
        boolean quantizedActivations = config.mode() == ModelQuantization.Mode.STATIC;
        QuantFormat activations = config.activationFormat();
        long activationGridBytes = TensorSize.of(1, activations, 1).parameterBytes();
        List<String> quantizedTensors = quantizedActivations ? plan.quantizedTensors() : List.of();

        Map<String, Integer> lastReader = new HashMap<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            for (String input : plan.steps().get(i).inputs()) {
                lastReader.put(input, i);
            }
        }
        spec.outputNames().forEach(output -> lastReader.put(output, plan.steps().size()));

        long weightBytes = 0;
        long parameterBytes = quantizedTensors.size() * activationGridBytes;
        long macs = 0;
        long peak = -1;
        String peakStep = null;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            DeployPlan.Step step = plan.steps().get(i);
            long stepMacs = shapes.get(step.op().name()).macs();
            long[] flash = flash(step, shapes.get(step.op().name()), config);
            long ram = 0;
            for (Map.Entry<String, Integer> tensor : lastReader.entrySet()) {
                int written = ModelSpec.INPUT.equals(tensor.getKey()) ? -1 : indexOf(plan, tensor.getKey());
                if (written <= i && tensor.getValue() >= i) {
                    ram += tensorBytes(spec, plan, shapes, tensor.getKey(), quantizedActivations, activations);
                }
            }
            if (!lastReader.containsKey(step.output())) {
                ram += tensorBytes(spec, plan, shapes, step.output(), quantizedActivations, activations);
            }
            weightBytes += flash[0];
            parameterBytes += flash[1];
            macs += stepMacs;
            if (ram > peak) {
                peak = ram;
                peakStep = step.name();
            }
            steps.add(new Step(step.name(), step.op().kind(), stepMacs, flash[0] + flash[1], ram));
        }
        long total = macs;
        List<Chip> chips = CORES.stream().map(core -> new Chip(core.name(), core.clockMhz(), core.cyclesPerMac(),
                total * core.cyclesPerMac() / (core.clockMhz() * 1e6) * 1e3)).toList();
        return new McuEstimate(macs, weightBytes + parameterBytes, weightBytes, parameterBytes, peak, peakStep,
                steps, chips, NOTE);
    }

    /** {weight bytes, parameter bytes} of one step. */
    private static long[] flash(DeployPlan.Step step, ModelShapes.NodeShape shape, PtqConfig config) {
        Node op = step.op();
        if (op instanceof Node.BatchNorm2d) {
            return new long[] {0, 2L * shape.outputShape().get(0) * FLOAT_BYTES};
        }
        if (!step.hasWeights()) {
            return new long[] {0, 0};
        }
        int outputs = op instanceof Node.Conv2d conv ? conv.outChannels() : ((Node.Linear) op).outFeatures();
        boolean bias = op instanceof Node.Conv2d conv ? conv.bias() : ((Node.Linear) op).bias();
        long weights = shape.parameters() - (bias ? outputs : 0);
        long biasBytes = bias || step.foldedBatchNorm() != null ? (long) outputs * BIAS_BYTES : 0;
        boolean quantized = config.mode() != ModelQuantization.Mode.DYNAMIC || op instanceof Node.Linear;
        if (!quantized) {
            return new long[] {weights * FLOAT_BYTES, biasBytes};
        }
        boolean perChannel = config.granularity() == PtqConfig.Granularity.PER_CHANNEL;
        TensorSize size = TensorSize.of(weights, config.weightFormat(), perChannel ? outputs : 1);
        return new long[] {size.valueBytes(), size.parameterBytes() + biasBytes};
    }

    /** Bytes of one activation: packed at the activation bits where the plan quantizes it, float32 otherwise. */
    private static long tensorBytes(ModelSpec spec, DeployPlan plan, Map<String, ModelShapes.NodeShape> shapes,
                                    String tensor, boolean quantizedActivations, QuantFormat format) {
        List<Integer> shape = ModelSpec.INPUT.equals(tensor) ? spec.inputShape() : shapes.get(tensor).outputShape();
        long values = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        return quantizedActivations && plan.gridOf(tensor) != null ? BitPacking.packedBytes(values, format.bits())
                : values * FLOAT_BYTES;
    }

    private static int indexOf(DeployPlan plan, String tensor) {
        return plan.steps().indexOf(plan.producer(tensor));
    }
}
