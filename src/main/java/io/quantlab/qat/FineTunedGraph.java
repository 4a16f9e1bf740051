package io.quantlab.qat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.GraphBlock;
import io.quantlab.model.ModelSpec;

/**
 * A trained model's layers as a DJL block whose fine-tuning starts from the trained parameters:
 * the graph is built from the spec, and once initialized the parameters are copied in. As it is,
 * it runs the FP32 graph (a plain fine-tuning); {@link QatNetwork} runs it with fake quantization.
 */
public class FineTunedGraph extends AbstractBlock {

    private static final byte VERSION = 1;

    private final GraphBlock graph;
    private final TrainedParameters start;

    public FineTunedGraph(ModelSpec spec, TrainedParameters start) {
        super(VERSION);
        this.graph = BlockBuilder.build(spec);
        this.start = start;
        children.add("graph", graph);
    }

    /** The model's layers, holding the parameters being trained. */
    GraphBlock graph() {
        return graph;
    }

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        graph.initialize(manager, dataType, inputShapes);
        start.copyInto(graph);
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return graph.getOutputShapes(inputShapes);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return graph.forward(parameters, inputs, training, params);
    }
}
