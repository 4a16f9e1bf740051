package io.quantlab.web.sweep;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.qat.QatConfig;
import io.quantlab.sweep.SweepConfig;
import io.quantlab.web.ApiForm;
import io.quantlab.web.Auth;
import io.quantlab.web.FinishedTraining;
import io.quantlab.web.Views;
import io.quantlab.web.qat.QatFormView;
import io.quantlab.web.qat.QatRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lab 5's sweep form of a finished training (the composed quantizer's fields, and the widths as checkboxes), and the Labs page's way in. */
public final class SweepRoutes {
    /** The widths the form offers, widest first. */
    public static final List<Integer> WIDTHS = List.of(8, 7, 6, 5, 4, 3, 2);
    static final ApiForm FORM = new ApiForm(quantizerDefaults(), QatRoutes.CHOICE_FIELDS);
    private final ExperimentService experiments;

    public SweepRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void register(RoutesConfig routes) {
        routes.get("/labs/sweep", this::openLab);
        routes.get("/experiments/{id}/sweep", ctx -> renderForm(ctx, FinishedTraining.inPath(ctx, experiments),
                defaultValues(), null, null));
        routes.post("/experiments/{id}/sweep", this::start);
    }

    /** The form with the latest finished training of the student, else a course baseline; else Lab 3's way to get one. */
    private void openLab(Context ctx) {
        User user = Auth.user(ctx);
        Optional<Experiment> start = experiments.ownedBy(user).stream().filter(FinishedTraining::is).findFirst()
                .or(() -> experiments.baselines(user).stream().filter(FinishedTraining::is).findFirst());
        ctx.redirect(start.map(e -> "/experiments/" + e.id() + "/sweep").orElse("/labs/ptq"));
    }

    private void start(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        Map<String, String> values = FORM.sent(ctx);
        List<String> bits = ctx.formParams(SweepConfig.BITS);
        values.put(SweepConfig.BITS, String.join(",", bits));
        try {
            Map<String, Object> fields = FORM.fields(parent.id(), values);
            fields.put(SweepConfig.BITS, widths(bits));
            long id = experiments.startSweep(Auth.user(ctx), fields);
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderForm(ctx, parent, values, e.getMessage(), e.field());
        }
    }

    /** The ticked widths as numbers; anything else is handed on as text, for SweepConfig to name the field. */
    private static List<Object> widths(List<String> ticked) {
        List<Object> widths = new ArrayList<>();
        for (String b : ticked) {
            try {
                widths.add(Integer.valueOf(b.trim()));
            } catch (NumberFormatException notANumber) {
                widths.add(b);
            }
        }
        return widths;
    }

    private static Map<String, String> defaultValues() {
        Map<String, String> values = FORM.defaultValues();
        values.put(SweepConfig.BITS, String.join(",", SweepConfig.DEFAULT_BITS.stream().map(String::valueOf).toList()));
        return values;
    }

    /** The composed quantizer's fields as the form shows them: the QAT ones but the weights' width, which bits sweeps. */
    private static Map<String, Object> quantizerDefaults() {
        Map<String, Object> fields = new LinkedHashMap<>(
                new SweepConfig(SweepConfig.DEFAULT_BITS, QatConfig.defaults()).fields());
        fields.remove(SweepConfig.BITS);
        return fields;
    }

    private void renderForm(Context ctx, Experiment parent, Map<String, String> values, String error, String errorField) {
        Views.render(ctx, "sweep/start.jte", new QatFormView(Views.page(ctx, "Sweep of #" + parent.id(), "experiments"),
                parent, parent.isBaseline() && parent.ownerId() != Auth.user(ctx).id(), values, error, errorField));
    }
}
