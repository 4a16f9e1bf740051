package io.quantlab.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentKind;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.ExperimentStatus;
import java.util.Optional;

/** The FP32 parent of a lab's form (Lab 3's PTQ, Lab 4's QAT, Lab 5's composer): a finished training the user may see. */
public final class FinishedTraining {
    private FinishedTraining() {
    }

    /**
     * The training in the path, if the user may start from it (their own or a baseline of their course;
     * else 404, also for a student's training their instructor views read-only) and it is a finished
     * training (else 400).
     */
    public static Experiment inPath(Context ctx, ExperimentService experiments) {
        long id = Ids.path(ctx, "id");
        User user = Auth.user(ctx);
        Experiment e = experiments.visible(user, id).filter(experiments.access(user)::mayStartFrom)
                .orElseThrow(() -> new NotFoundResponse("no experiment " + id + " that you can see"));
        if (!is(e)) {
            throw new InvalidInputException("parent", "parent: experiment #" + id + " is "
                    + (e.kind() == ExperimentKind.TRAIN ? "a training that is " + e.status().label()
                    : "a " + e.kind().apiName() + " experiment") + "; only a finished FP32 training can be quantized");
        }
        return e;
    }

    public static boolean is(Experiment e) {
        return e.kind() == ExperimentKind.TRAIN && e.status() == ExperimentStatus.DONE;
    }

    /**
     * The Labs page's way into {@code lab}: its form on the user's latest finished training, else on
     * a course baseline, else the page that says how to get a training.
     */
    public static void openLab(Context ctx, ExperimentService experiments, LabStart lab) {
        User user = Auth.user(ctx);
        Optional<Experiment> start = experiments.ownedBy(user).stream().filter(FinishedTraining::is).findFirst()
                .or(() -> experiments.baselines(user).stream().filter(FinishedTraining::is).findFirst());
        if (start.isPresent()) {
            ctx.redirect("/experiments/" + start.get().id() + "/" + lab.form);
        } else {
            Views.render(ctx, "needsTraining.jte", new NeedsTrainingView(Views.page(ctx, lab.title, "labs"), lab));
        }
    }
}
