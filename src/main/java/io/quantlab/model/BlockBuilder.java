package io.quantlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.quantlab.InvalidInputException;

/**
 * Turns a {@link ModelSpec} into an uninitialized DJL block taking [N, C, H, W] and giving
 * [N, classes] logits. Parameters are created when a trainer initializes the block.
 */
public final class BlockBuilder {

    private BlockBuilder() {}

    /**
     * @throws InvalidInputException (field "model") when the spec's shapes do not fit or its graph
     *     has branches (not supported yet)
     */
    public static Block build(ModelSpec spec) {
        ModelShapes.of(spec); // report shape errors by node name, before DJL does less clearly
        if (!spec.isSequential()) {
            throw new InvalidInputException("model", "Model " + spec.name()
                    + " is not a chain of layers; graphs with branches are not supported yet.");
        }
        SequentialBlock block = new SequentialBlock();
        for (Node node : spec.nodes()) {
            block.add(layer(node));
        }
        return block;
    }

    private static Block layer(Node node) {
        if (node instanceof Node.Conv2d c) {
            return Conv2d.builder()
                    .setFilters(c.outChannels())
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .optBias(c.bias())
                    .build();
        } else if (node instanceof Node.BatchNorm2d b) {
            // DJL's momentum is the weight of the old running value, PyTorch's that of the batch
            return BatchNorm.builder()
                    .optEpsilon((float) b.eps())
                    .optMomentum((float) (1 - b.momentum()))
                    .build();
        } else if (node instanceof Node.ReLU) {
            return Activation.reluBlock();
        } else if (node instanceof Node.ReLU6) {
            return Activation.relu6Block();
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
            return Linear.builder().setUnits(l.outFeatures()).optBias(l.bias()).build();
        } else if (node instanceof Node.Dropout d) {
            return Dropout.builder().optRate((float) d.rate()).build();
        }
        throw new IllegalStateException("no DJL layer for " + node.kind());
    }
}
