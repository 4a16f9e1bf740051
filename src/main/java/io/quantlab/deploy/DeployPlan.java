package io.quantlab.deploy;

import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ModelSpec} as the deployed graph computes it: one {@link Step} per operator, with a
 * BatchNorm folded into the convolution before it (when asked) and a ReLU or ReLU6 merged into
 * the step it follows. That is the unit an integer kernel runs (QLinearConv with its ReLU, QGemm,
 * QLinearAdd), so it is also the unit whose output an INT8 graph quantizes: a PTQ calibration
 * observes exactly {@link #quantizedTensors()}.
 *
 * <p>A step's tensors are named after spec nodes: its output after the last node it covers, so
 * {@code GraphBlock.forwardAll} yields each one's FP32 values under the same name.
 */
public record DeployPlan(ModelSpec spec, boolean foldBatchNorm, List<Step> steps) {

    /**
     * One operator. {@code op} is the spec node that defines it; {@code foldedBatchNorm} a
     * BatchNorm merged into a Conv2d (or null); {@code activation} a ReLU or ReLU6 applied to its
     * result (or null); {@code inputs} and {@code output} tensor names.
     */
    public record Step(Node op, Node.BatchNorm2d foldedBatchNorm, Node activation, List<String> inputs,
                       String output) {
        public Step {
            inputs = List.copyOf(inputs);
        }

        public String name() {
            return op.name();
        }

        /** Max-pool, flatten and dropout (identity) only move values: their output keeps the input's grid. */
        public boolean keepsInputGrid() {
            return op instanceof Node.MaxPool2d || op instanceof Node.Flatten || op instanceof Node.Dropout;
        }

        /** Conv2d and Linear, the steps with weights. */
        public boolean hasWeights() {
            return op instanceof Node.Conv2d || op instanceof Node.Linear;
        }
    }

    public DeployPlan {
        steps = List.copyOf(steps);
    }

    /**
     * @throws io.quantlab.InvalidInputException (field "model") when the spec's shapes do not fit
     */
    public static DeployPlan of(ModelSpec spec, boolean foldBatchNorm) {
        ModelShapes.of(spec);
        Map<String, Integer> readers = new HashMap<>();
        for (Node node : spec.nodes()) {
            node.inputs().forEach(in -> readers.merge(in, 1, Integer::sum));
        }
        Set<String> outputs = new HashSet<>(spec.outputNames());
        List<Step> steps = new ArrayList<>();
        Map<String, Integer> stepByOutput = new HashMap<>();
        for (Node node : spec.nodes()) {
            String in = node.inputs().get(0);
            Integer producer = stepByOutput.get(in);
            Step before = producer == null ? null : steps.get(producer);
            boolean onlyReader = before != null && readers.get(in) == 1 && !outputs.contains(in);
            if (node instanceof Node.BatchNorm2d bn && foldBatchNorm && onlyReader
                    && before.op() instanceof Node.Conv2d && before.foldedBatchNorm() == null
                    && before.activation() == null) {
                replace(steps, stepByOutput, producer,
                        new Step(before.op(), bn, null, before.inputs(), node.name()));
            } else if ((node instanceof Node.ReLU || node instanceof Node.ReLU6) && onlyReader
                    && before.activation() == null && !before.keepsInputGrid()
                    && !(before.op() instanceof Node.GlobalAvgPool)) {
                replace(steps, stepByOutput, producer,
                        new Step(before.op(), before.foldedBatchNorm(), node, before.inputs(), node.name()));
            } else {
                stepByOutput.put(node.name(), steps.size());
                steps.add(new Step(node, null, null, node.inputs(), node.name()));
            }
        }
        return new DeployPlan(spec, foldBatchNorm, steps);
    }

    private static void replace(List<Step> steps, Map<String, Integer> stepByOutput, int index, Step merged) {
        stepByOutput.remove(steps.get(index).output());
        steps.set(index, merged);
        stepByOutput.put(merged.output(), index);
    }

    /**
     * The tensors an INT8 graph quantizes with parameters of their own, in graph order: the
     * (normalized) input and every step's output, except steps that keep their input's grid and
     * the model's outputs (the logits stay float: integer kernels such as QGemm write float
     * directly, and no rounding touches the class scores).
     */
    public List<String> quantizedTensors() {
        Set<String> tensors = new LinkedHashSet<>();
        tensors.add(ModelSpec.INPUT);
        Set<String> outputs = new HashSet<>(spec.outputNames());
        for (Step step : steps) {
            if (!step.keepsInputGrid() && !outputs.contains(step.output())) {
                tensors.add(step.output());
            }
        }
        return List.copyOf(tensors);
    }

    /**
     * The tensor whose quantization parameters {@code tensor} uses: itself, or for the output of
     * a max-pool, flatten or dropout, its input's (followed back). Null when it is not quantized.
     */
    public String gridOf(String tensor) {
        Set<String> quantized = new HashSet<>(quantizedTensors());
        String current = tensor;
        while (true) {
            if (quantized.contains(current)) {
                return current;
            }
            Step step = producer(current);
            if (step == null || !step.keepsInputGrid() || spec.outputNames().contains(current)) {
                return null;
            }
            current = step.inputs().get(0);
        }
    }

    /** The step writing {@code tensor}, or null for the input. */
    public Step producer(String tensor) {
        for (Step step : steps) {
            if (step.output().equals(tensor)) {
                return step;
            }
        }
        return null;
    }

    /** The steps with weights (Conv2d, Linear), in order. */
    public List<Step> weightedSteps() {
        return steps.stream().filter(Step::hasWeights).toList();
    }
}
