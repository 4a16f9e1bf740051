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
    private final Map<Long, List<Layer>> recent = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Layer>> eldest) {
            return size() > KEPT;
        }
    };

    /** One weighted layer: its node name (the API's {@code layers} name), its kind and weights. */
    public record Layer(String name, String kind, StepWeights weights) {
    }

    TrainedLayers(ExperimentStore experiments, Datasets datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    /** The weighted layers of {@code training}, a finished training, in the model's order. */
    public List<Layer> of(Experiment training) {
        synchronized (recent) {
            List<Layer> kept = recent.get(training.id());
            if (kept != null) {
                return kept;
            }
        }
        List<Layer> layers = load(training);
        synchronized (recent) {
            recent.put(training.id(), layers);
        }
        return layers;
    }

    private List<Layer> load(Experiment training) {
        TrainConfig trained = training.train();
        ModelSpec spec = Trainer.modelSpec(trained, datasets.get(trained.dataset()));
        byte[] bytes = experiments.parameters(training.id()).orElseThrow(() -> new InvalidInputException(
                "parent", "training " + training.id() + " has no stored parameters"));
        TrainedParameters parameters = TrainedParameters.load(spec, bytes);
        return DeployPlan.of(spec, true).weightedSteps().stream()
                .map(step -> new Layer(step.name(), step.op().kind(), StepWeights.of(step, parameters)))
                .toList();
    }
}
