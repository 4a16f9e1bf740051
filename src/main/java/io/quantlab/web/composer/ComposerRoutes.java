package io.quantlab.web.composer;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.TrainedLayers;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import io.quantlab.web.ApiForm;
import io.quantlab.web.Auth;
import io.quantlab.web.FinishedTraining;
import io.quantlab.web.LabStart;
import io.quantlab.web.Views;
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
    static final ApiForm FORM = new ApiForm(defaults(), List.of("optimizer", "granularity", "weightQuantizer",
            "activationQuantizer", "gradient", "weightScheme", "range", "rounding"));
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
        List<String> names = names(experiments.layers(parent));
        Map<String, String> values = FORM.defaultValues();
        render(ctx, parent, new Sent(values, names, Map.of()), null, null, names.get(0));
    }

    /** The formulas only, for htmx: a GET that changes nothing, with the form's fields as its query. */
    private void formulas(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        List<TrainedLayers.Layer> layers = experiments.layers(parent);
        Sent sent = Sent.of(ctx.queryParamMap(), ctx::queryParam);
        Views.render(ctx, "composer/formulas.jte", formulasOf(parent, layers, sent, ctx.queryParam(LAYER)));
    }

    private void start(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        Sent sent = Sent.of(ctx.formParamMap(), ctx::formParam);
        try {
            long id = experiments.startQat(Auth.user(ctx), sent.apiFields(parent.id(), names(experiments.layers(parent))));
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, parent, sent, e.getMessage(), e.field(), ctx.formParam(LAYER));
        }
    }

    private void render(Context ctx, Experiment parent, Sent sent, String error, String errorField, String layer) {
        List<TrainedLayers.Layer> layers = experiments.layers(parent);
        FormulasView formulas = formulasOf(parent, layers, sent, layer);
        Views.render(ctx, "composer/compose.jte", new ComposerView(Views.page(ctx, "Compose a quantizer for #"
                + parent.id(), "experiments"), parent, parent.isBaseline() && parent.ownerId() != Auth.user(ctx).id(),
                sent.values(), names(layers), sent.layers(), sent.layerBits(), error, errorField, formulas));
    }

    /**
     * The selected layer's formulas (the first layer when none or an unknown one is asked for),
     * with QatConfig's objection to the composition, if any, above them.
     */
    private static FormulasView formulasOf(Experiment parent, List<TrainedLayers.Layer> layers, Sent sent,
                                           String asked) {
        TrainedLayers.Layer layer = layers.stream().filter(l -> l.name().equals(asked)).findFirst()
                .orElse(layers.get(0));
        String refusal = null;
        String refusedField = null;
        try {
            QatConfig.of(sent.apiFields(parent.id(), names(layers)));
        } catch (InvalidInputException e) {
            refusal = e.getMessage();
            refusedField = e.field();
        }
        try {
            Composition c = Composition.of(sent.values(), layer.name(), sent.layerBits(), sent.layers());
            return new FormulasView(layer.name(), QuantizerParts.explain(layer, c), refusal, refusedField);
        } catch (InvalidInputException e) {
            return new FormulasView(layer.name(), List.of(), e.getMessage(), e.field());
        }
    }

    private static List<String> names(List<TrainedLayers.Layer> layers) {
        return layers.stream().map(TrainedLayers.Layer::name).toList();
    }

    /** Lab 4's defaults plus the composer's parts at the API's defaults; layers and their bits have fields of their own. */
    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>(QatConfig.defaults().fields());
        d.putIfAbsent("weightScheme", "symmetric");
        d.putIfAbsent("range", "min-max");
        d.putIfAbsent("clipRatio", 1.0);
        d.putIfAbsent("percentile", PtqConfig.defaults().percentile());
        d.putIfAbsent("rounding", "nearest");
        d.remove("layers");
        d.remove("layerBits");
        d.replaceAll((field, value) -> value == null ? "" : value);
        return d;
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
