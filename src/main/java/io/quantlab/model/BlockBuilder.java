package io.quantlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.quantlab.InvalidInputException;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a {@link ModelSpec} into an uninitialized DJL block taking [N, C, H, W] and giving the
 * spec's outputs, each [N, classes]. Parameters are created when a trainer initializes the block,
 * with PyTorch's default values: Conv2d and Linear by {@link TorchDefaultInit}; BatchNorm's DJL
 * defaults (weight 1, bias 0, running mean 0, running variance 1) are already PyTorch's.
 */
public final class BlockBuilder {

    private BlockBuilder() {}

    /** @throws InvalidInputException (field "model") when the spec's shapes do not fit */
    public static GraphBlock build(ModelSpec spec) {
        ModelShapes.of(spec); // report shape errors by node name, before DJL does less clearly
        Map<String, Block> layers = new HashMap<>();
        for (Node node : spec.nodes()) {
            if (!(node instanceof Node.Add)) {
                layers.put(node.name(), layer(node));
            }
        }
        return new GraphBlock(spec, layers);
    }

    private static Block layer(Node node) {
        if (node instanceof Node.Conv2d c) {
            return TorchDefaultInit.applyTo(Conv2d.builder()
                    .setFilters(c.outChannels())
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .optBias(c.bias())
                    .optGroups(c.groups())
                    .build());
        } else if (node instanceof Node.BatchNorm2d b) {
            // DJL's momentum is the weight of the old running value, PyTorch's that of the batch
            return BatchNorm.builder()
                    .optEpsilon((float) b.eps())
                    .optMomentum((float) (1 - b.momentum()))
                    .build();
        } else if (node instanceof Node.ReLU) {
            return Activation.reluBlock();
        } else if (node instanceof Node.ReLU6) {
            // one clamp; DJL's relu6Block is a ReLU then a minimum with a fresh scalar array, which
            // made MobileNet's forward pass ~40% slower
            return LambdaBlock.singleton(x -> x.clip(0, 6), "ReLU6");
        } else if (node instanceof Node.MaxPool2d p) {
            return Pool.maxPool2dBlock(new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()),
                    new Shape(p.padding(), p.padding()));
        } else if (node instanceof Node.AvgPool2d p) {
            return Pool.avgPool2dBlock(new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()),
                    new Shape(p.padding(), p.padding()), false, true);
        } else if (node instanceof Node.GlobalAvgPool) {
            return Pool.globalAvgPool2dBlock();
        } else if (node instanceof Node.Flatten) {
            return Blocks.batchFlattenBlock();
        } else if (node instanceof Node.Linear l) {
            return TorchDefaultInit.applyTo(Linear.builder().setUnits(l.outFeatures()).optBias(l.bias()).build());
        } else if (node instanceof Node.Dropout d) {
            return Dropout.builder().optRate((float) d.rate()).build();
        }
        throw new IllegalStateException("no DJL layer for " + node.kind());
    }
}
