package io.quantlab.web.composer;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.TrainedLayers;
import io.quantlab.qat.QatConfig;
import io.quantlab.quant.ClipRange;
import io.quantlab.train.TrainReport;
import io.quantlab.web.ApiForm;
import io.quantlab.web.Auth;
import io.quantlab.web.FinishedTraining;
import io.quantlab.web.LabStart;
import io.quantlab.web.Views;
import io.quantlab.web.qat.QatRoutes;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Lab 5's composer: a quantizer composed from parts on a finished training, each part's formula
 * filled in with the selected layer's weights as the form changes, started as a {@code qat} job.
 */
public final class ComposerRoutes {
    /** The query parameter of the layer whose formulas are shown; not a field of the job. */
    static final String LAYER = "layer";
    static final String LAYER_BITS = "layerBits.";
    private static final ApiForm FORM = QatRoutes.FORM;
    private final ExperimentService experiments;

    public ComposerRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void register(RoutesConfig routes) {
        routes.get("/labs/custom", ctx -> FinishedTraining.openLab(ctx, experiments, LabStart.CUSTOM));
        routes.get("/experiments/{id}/quantizer", this::page);
        routes.get("/experiments/{id}/quantizer/formulas", this::formulas);
        routes.post("/experiments/{id}/quantizer", this::start);
    }

    private void page(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        TrainedLayers.Model model = experiments.layers(parent);
        render(ctx, parent, new Sent(defaultValues(), model.names(), Map.of()), null, null, null);
    }

    /** The formulas only, for htmx: a GET that changes nothing, with the form's fields as its query. */
    private void formulas(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        Sent sent = Sent.of(ctx.queryParamMap(), ctx::queryParam);
        Views.render(ctx, "composer/formulas.jte", formulasOf(parent, experiments.layers(parent),
                experiments.report(parent).orElse(null), sent, ctx.queryParam(LAYER)));
    }

    private void start(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        Sent sent = Sent.of(ctx.formParamMap(), ctx::formParam);
        try {
            long id = experiments.startQat(Auth.user(ctx), sent.apiFields(parent.id(), experiments.layers(parent).names()));
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, parent, sent, e.getMessage(), e.field(), ctx.formParam(LAYER));
        }
    }

    private void render(Context ctx, Experiment parent, Sent sent, String error, String errorField, String layer) {
        TrainedLayers.Model model = experiments.layers(parent);
        Views.render(ctx, "composer/compose.jte", new ComposerView(Views.page(ctx, "Compose a quantizer for #"
                + parent.id(), "experiments"), parent, parent.isBaseline() && parent.ownerId() != Auth.user(ctx).id(),
                sent.values(), model.names(), sent.layers(), sent.layerBits(), error, errorField,
                formulasOf(parent, model, experiments.report(parent).orElse(null), sent, layer)));
    }

    /**
     * The selected layer's formulas (the first layer when none or an unknown one is asked for), or
     * QatConfig's objection to the composition, naming the field, as the job's request would get it.
     */
    private static FormulasView formulasOf(Experiment parent, TrainedLayers.Model model, TrainReport report, Sent sent,
                                           String asked) {
        TrainedLayers.Layer layer = model.layerOrFirst(asked);
        try {
            QatConfig config = QatConfig.of(sent.apiFields(parent.id(), model.names()));
            config.requireLayersOf(model.spec());
            return new FormulasView(layer.name(), QuantizerParts.explain(layer, config, outputRange(report, layer)),
                    null, null);
        } catch (InvalidInputException e) {
            return new FormulasView(layer.name(), List.of(), e.getMessage(), e.field());
        }
    }

    /**
     * The range of the layer's output (after its ReLU) on the training report's test images, or
     * null when the report has none (an older training).
     */
    private static ClipRange outputRange(TrainReport report, TrainedLayers.Layer layer) {
        if (report == null || report.layers() == null) {
            return null;
        }
        return report.layers().stream().filter(l -> l.name().equals(layer.output()) && l.activations() != null)
                .findFirst().map(l -> new ClipRange((float) l.activations().min(), (float) l.activations().max()))
                .orElse(null);
    }

    /** Lab 4's defaults, with the bit widths left to the quantizer's default (8, or 1 and FP32 for binary). */
    private static Map<String, String> defaultValues() {
        Map<String, String> values = QatRoutes.FORM.defaultValues();
        values.put("weightBits", "");
        values.put("activationBits", "");
        return values;
    }

    /**
     * What the composer sent: its fields as typed, the layers checked and the bits typed per layer
     * ({@code layerBits.<layer>}, empty = the weights' bits).
     */
    record Sent(Map<String, String> values, List<String> layers, Map<String, String> layerBits) {

        static Sent of(Map<String, List<String>> params, Function<String, String> param) {
            Map<String, String> bits = new LinkedHashMap<>();
            params.forEach((name, typed) -> {
                if (name.startsWith(LAYER_BITS) && !typed.isEmpty() && !typed.get(0).isBlank()) {
                    bits.put(name.substring(LAYER_BITS.length()), typed.get(0).trim());
                }
            });
            return new Sent(FORM.sent(param), params.getOrDefault("layers", List.of()), bits);
        }

        /**
         * The job's fields: an empty bit width takes the quantizer's default; {@code layers} only
         * when not every layer is checked (the default is all); {@code layerBits} only when some are typed.
         */
        Map<String, Object> apiFields(long parent, List<String> allLayers) {
            Map<String, String> typed = new LinkedHashMap<>(values);
            for (String bits : List.of("weightBits", "activationBits")) {
                typed.remove(bits, "");
            }
            Map<String, Object> fields = FORM.fields(parent, typed);
            if (layers.isEmpty()) {
                // The API reads no layers as every layer; a composer with none checked asks for none.
                throw new InvalidInputException("layers", "layers: check at least one layer to quantize");
            }
            if (!new HashSet<>(layers).equals(new HashSet<>(allLayers))) {
                fields.put("layers", layers);
            }
            if (!layerBits.isEmpty()) {
                Map<String, Object> bits = new LinkedHashMap<>();
                layerBits.forEach((layer, text) -> bits.put(layer, ApiForm.typed(text)));
                fields.put("layerBits", bits);
            }
            return fields;
        }
    }
}
