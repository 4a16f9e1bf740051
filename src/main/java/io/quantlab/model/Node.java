package io.quantlab.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One named layer of a {@link ModelSpec}. {@code inputs} names the nodes it reads
 * ({@value ModelSpec#INPUT} for the model input); every kind reads exactly one, except {@link Add},
 * which sums two or more (residual connections). In JSON the kind is the
 * {@code "kind"} property, e.g. {@code {"kind":"Conv2d","name":"conv1","inputs":["input"],...}}.
 * Parameters follow PyTorch's meaning and defaults (square kernels, stride, zero padding).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Node.Conv2d.class, name = "Conv2d"),
        @JsonSubTypes.Type(value = Node.BatchNorm2d.class, name = "BatchNorm2d"),
        @JsonSubTypes.Type(value = Node.ReLU.class, name = "ReLU"),
        @JsonSubTypes.Type(value = Node.ReLU6.class, name = "ReLU6"),
        @JsonSubTypes.Type(value = Node.MaxPool2d.class, name = "MaxPool2d"),
        @JsonSubTypes.Type(value = Node.AvgPool2d.class, name = "AvgPool2d"),
        @JsonSubTypes.Type(value = Node.GlobalAvgPool.class, name = "GlobalAvgPool"),
        @JsonSubTypes.Type(value = Node.Flatten.class, name = "Flatten"),
        @JsonSubTypes.Type(value = Node.Linear.class, name = "Linear"),
        @JsonSubTypes.Type(value = Node.Dropout.class, name = "Dropout"),
        @JsonSubTypes.Type(value = Node.Add.class, name = "Add"),
})
public sealed interface Node {

    String name();

    List<String> inputs();

    /** The JSON kind, e.g. "Conv2d". */
    @JsonIgnore
    default String kind() {
        return getClass().getSimpleName();
    }

    /**
     * 2-D convolution, {@code outChannels} filters of {@code kernel}×{@code kernel}. With
     * {@code groups} g the input and output channels split into g groups convolved separately
     * (PyTorch's meaning); g = input channels = output channels is a depthwise convolution. In JSON
     * {@code groups} is left out when 1, and a missing or 0 value reads as 1 (specs written before
     * grouped convolutions existed).
     */
    record Conv2d(String name, List<String> inputs, int outChannels, int kernel, int stride, int padding,
                  boolean bias, @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = OmitOne.class)
                  int groups) implements Node {
        public Conv2d {
            inputs = List.copyOf(inputs);
            groups = groups == 0 ? 1 : groups;
        }

        /** An ordinary (not grouped) convolution. */
        public Conv2d(String name, List<String> inputs, int outChannels, int kernel, int stride, int padding,
                      boolean bias) {
            this(name, inputs, outChannels, kernel, stride, padding, bias, 1);
        }

        /** Jackson's filter: true means "leave the property out". */
        static final class OmitOne {
            @Override
            public boolean equals(Object value) {
                return Integer.valueOf(1).equals(value);
            }

            @Override
            public int hashCode() {
                return 1;
            }
        }
    }

    /**
     * Batch normalization over channels. {@code momentum} as in PyTorch: running = (1 − m)·running
     * + m·batch, default 0.1; {@code eps} default 1e-5.
     */
    record BatchNorm2d(String name, List<String> inputs, double eps, double momentum) implements Node {
        public BatchNorm2d {
            inputs = List.copyOf(inputs);
        }
    }

    record ReLU(String name, List<String> inputs) implements Node {
        public ReLU {
            inputs = List.copyOf(inputs);
        }
    }

    /** min(max(x, 0), 6), as in MobileNetV2. */
    record ReLU6(String name, List<String> inputs) implements Node {
        public ReLU6 {
            inputs = List.copyOf(inputs);
        }
    }

    record MaxPool2d(String name, List<String> inputs, int kernel, int stride, int padding) implements Node {
        public MaxPool2d {
            inputs = List.copyOf(inputs);
        }
    }

    /** Average pooling; with padding, padded zeros count in the average (PyTorch's default). */
    record AvgPool2d(String name, List<String> inputs, int kernel, int stride, int padding) implements Node {
        public AvgPool2d {
            inputs = List.copyOf(inputs);
        }
    }

    /** Mean over height and width: [C, H, W] becomes [C] (pooling and flattening in one). */
    record GlobalAvgPool(String name, List<String> inputs) implements Node {
        public GlobalAvgPool {
            inputs = List.copyOf(inputs);
        }
    }

    /** [C, H, W] becomes [C·H·W]. */
    record Flatten(String name, List<String> inputs) implements Node {
        public Flatten {
            inputs = List.copyOf(inputs);
        }
    }

    /** Fully connected layer on a flat input. */
    record Linear(String name, List<String> inputs, int outFeatures, boolean bias) implements Node {
        public Linear {
            inputs = List.copyOf(inputs);
        }
    }

    /** Zeroes a share {@code rate} of activations while training. */
    record Dropout(String name, List<String> inputs, double rate) implements Node {
        public Dropout {
            inputs = List.copyOf(inputs);
        }
    }

    /** Elementwise sum of two or more inputs of the same shape (a residual connection). */
    record Add(String name, List<String> inputs) implements Node {
        public Add {
            inputs = List.copyOf(inputs);
        }
    }
}
