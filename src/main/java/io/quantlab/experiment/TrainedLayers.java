package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Conv2d and Linear layers of a finished training with their weights as fake quantization
 * sees them (a BatchNorm folded into the conv before it), for pages that show a quantizer's numbers
 * on them. The few trainings looked at last are kept: a page recomputes its formulas at every change.
 */
public final class TrainedLayers {
    private static final int KEPT = 4;
    private final ExperimentStore experiments;
    private final Datasets datasets;
    private final Map<Long, Model> recent = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Model> eldest) {
            return size() > KEPT;
        }
    };

    /**
     * One weighted layer: its node name (the API's {@code layers} name), its kind, its weights, and
     * the node whose output ends its step ({@code output}: the ReLU after it, else the layer itself),
     * the tensor an activation quantizer rounds.
     */
    public record Layer(String name, String kind, StepWeights weights, String output, boolean reluOutput) {
    }

    /** The training's model and its weighted layers, in the model's order. */
    public record Model(ModelSpec spec, List<Layer> layers) {

        public List<String> names() {
            return layers.stream().map(Layer::name).toList();
        }

        /** The layer called {@code name}, else the first. */
        public Layer layerOrFirst(String name) {
            return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(layers.get(0));
        }
    }

    TrainedLayers(ExperimentStore experiments, Datasets datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    /** The model of {@code training}, a finished training, with its weighted layers. */
    public Model of(Experiment training) {
        synchronized (recent) {
            Model kept = recent.get(training.id());
            if (kept != null) {
                return kept;
            }
        }
        Model model = load(training);
        synchronized (recent) {
            recent.put(training.id(), model);
        }
        return model;
    }

    private Model load(Experiment training) {
        TrainConfig trained = training.train();
        ModelSpec spec = Trainer.modelSpec(trained, datasets.get(trained.dataset()));
        byte[] bytes = experiments.parameters(training.id()).orElseThrow(() -> new InvalidInputException(
                "parent", "training " + training.id() + " has no stored parameters"));
        TrainedParameters parameters = TrainedParameters.load(spec, bytes);
        return new Model(spec, DeployPlan.of(spec, true).weightedSteps().stream()
                .map(step -> new Layer(step.name(), step.op().kind(), StepWeights.of(step, parameters),
                        step.activation() == null ? step.name() : step.activation().name(), step.activation() != null))
                .toList());
    }
}
