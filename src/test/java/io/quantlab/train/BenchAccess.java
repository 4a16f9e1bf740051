package io.quantlab.train;

import io.quantlab.data.Dataset;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import java.util.List;

/**
 * Test-only door for the benchmark: trains a spec the zoo cannot build yet (the reference
 * MLP 784-512-10, while the zoo's mlp is 784-256-10 without width options).
 */
public final class BenchAccess {

    private BenchAccess() {}

    public static TrainResult train(Trainer trainer, TrainConfig config, Dataset data, ModelSpec spec,
                                    TrainListener listener) {
        return trainer.run(config.validated(), data, spec, BlockBuilder.build(spec), listener);
    }

    /** Flatten, Linear {@code hidden}, ReLU, Linear {@code classes}: the zoo's mlp with another width. */
    public static ModelSpec mlp(int hidden, Dataset data) {
        List<Node> nodes = List.of(
                new Node.Flatten("flatten", List.of(ModelSpec.INPUT)),
                new Node.Linear("fc1", List.of("flatten"), hidden, true),
                new Node.ReLU("relu1", List.of("fc1")),
                new Node.Linear("fc2", List.of("relu1"), data.classes(), true));
        return new ModelSpec("mlp", List.of(data.channels(), data.height(), data.width()), nodes);
    }
}
