package io.quantlab.exercise;

import java.util.List;

/**
 * The built-in questions from the course content that an instructor picks exercises from: every
 * numeric template (Lab 1's formulas, the lecture's data types) and the seminar's
 * interview-style multiple-choice items.
 */
public final class QuestionBank {
    private QuestionBank() {}

    public static List<NumericTemplate> numeric() {
        return NumericTemplate.all();
    }

    public static List<ChoiceItem> choices() {
        return CHOICES;
    }

    private static final List<ChoiceItem> CHOICES = List.of(
            new ChoiceItem("why-calibration", "PTQ", "Why does static post-training quantization need calibration data?",
                    List.of("To fine-tune the weights for the integer grid",
                            "To record the activations' ranges, so their scales and zero-points can be fixed ahead of time",
                            "To fold BatchNorm into the convolutions",
                            "To choose the bit width of each layer"), 1,
                    "Weights are known, activations are not: the observers watch representative inputs to find"
                            + " each activation's range before the model is converted."),
            new ChoiceItem("when-qat", "QAT", "When is quantization-aware training worth its cost over PTQ?",
                    List.of("Always: PTQ never reaches FP32 accuracy",
                            "When PTQ loses more than about a point, e.g. small models such as MobileNet or below 8 bits",
                            "Only when the model has no BatchNorm",
                            "Never for convolutional networks"), 1,
                    "QAT trains with the rounding in the loop and wins back what PTQ loses; at 8 bits on a large"
                            + " model PTQ usually loses too little to pay for training again."),
            new ChoiceItem("per-channel-depthwise", "PTQ",
                    "Why does per-channel weight quantization help depthwise convolutions most?",
                    List.of("Depthwise layers have more parameters than others",
                            "Each channel's weights have their own, very different range; one scale for all wastes"
                                    + " levels on the small-range channels",
                            "Per-channel quantization skips the zero-point",
                            "Depthwise layers cannot be quantized per tensor"), 1,
                    "A depthwise channel's filter is alone in its output channel: ranges differ by orders of"
                            + " magnitude, and a per-tensor scale set by the widest rounds the narrow ones to a few levels."),
            new ChoiceItem("bf16-vs-fp16", "Number formats", "What does BF16 trade against FP16?",
                    List.of("BF16 keeps FP32's 8 exponent bits (its range) and has only 7 mantissa bits (less precision)",
                            "BF16 has more mantissa bits and less range",
                            "BF16 is an integer format",
                            "They differ only in the sign bit"), 0,
                    "FP16 has 5 exponent and 10 mantissa bits; BF16 8 and 7: FP32's range, coarser steps."),
            new ChoiceItem("relu-symmetric", "Schemes", "Why is a symmetric grid wasteful for activations after a ReLU?",
                    List.of("ReLU outputs are never zero", "Half of the grid, the negative levels, is never used",
                            "Symmetric grids cannot represent zero", "ReLU outputs are always integers"), 1,
                    "After a ReLU every value is ≥ 0: an affine grid puts all levels on [0, max]."),
            new ChoiceItem("seven-billion", "Why quantize", "How much memory do the weights of a 7-billion-parameter model"
                    + " take in FP32?", List.of("7 GB", "14 GB", "28 GB", "56 GB"), 2,
                    "4 bytes per parameter: 28 GB; in INT8 7 GB, in INT4 3.5 GB."),
            new ChoiceItem("int8-speedup", "Deployment", "Why is INT8 inference on a desktop CPU often 1.3–2× faster"
                    + " than FP32, not 4×?", List.of("Because INT8 arithmetic is slower than FP32",
                            "Quantize/dequantize steps, memory-bound operators and layers left in float eat into"
                                    + " the gain of the integer kernels",
                            "Because ONNX Runtime does not support INT8", "Because of the zero-point"), 1,
                    "Lab 3 shows it: the integer convolutions are faster, the rest of the graph is not."),
            new ChoiceItem("ste-gradient", "QAT", "What gradient does the straight-through estimator pass through the"
                    + " rounding of a clipped fake-quantizer?", List.of("Zero everywhere",
                            "1 for inputs inside the quantization range, 0 for clipped inputs",
                            "The derivative of the staircase", "The scale"), 1,
                    "Rounding's true derivative is 0 almost everywhere; STE treats it as the identity, and the"
                            + " clipped variant stops the gradient where the clamp saturates."));
}
