package io.quantlab.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import io.quantlab.account.AccountService;
import io.quantlab.account.ApiTokenStore;
import io.quantlab.account.User;
import io.quantlab.Json;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentKind;
import io.quantlab.experiment.ExperimentService;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON API instructors script against; names here are stable. */
final class ApiRoutes {
    private final AccountService accounts;
    private final ApiTokenStore tokens;
    private final ExperimentService experiments;

    ApiRoutes(AccountService accounts, ApiTokenStore tokens, ExperimentService experiments) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.experiments = experiments;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/tokens", this::createToken);
        routes.post("/api/experiments", this::startExperiment);
        routes.get("/api/experiments", this::listExperiments);
        routes.get("/api/experiments/{id}", this::getExperiment);
        routes.delete("/api/experiments/{id}", this::cancelExperiment);
        for (String file : ExperimentService.DOWNLOADS) {
            routes.get("/api/experiments/{id}/" + file, ctx -> ExperimentDownload.send(ctx, experiments, file));
        }
    }

    private void createToken(Context ctx) throws Exception {
        JsonNode body = JsonBody.object(ctx);
        User user = accounts.signIn(text(body, "email"), text(body, "password"), ctx.ip())
                .orElseThrow(() -> new UnauthorizedResponse("email or password is wrong"));
        ApiTokenStore.Created token = tokens.create(user, text(body, "label"), text(body, "expiresInDays"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", token.secret());
        answer.put("expiresAt", token.expiresAt() == null ? null : token.expiresAt().toString());
        JsonBody.send(ctx, 201, answer);
    }

    /** By {@code kind}: a training when it is "train" (or absent, which the training's own check names), else a quantization. */
    private void startExperiment(Context ctx) throws Exception {
        JsonNode body = JsonBody.object(ctx);
        JsonNode kind = body.get("kind");
        User user = Auth.user(ctx);
        long id;
        if (kind == null || kind.isNull() || "train".equals(kind.asText())) {
            id = experiments.startTraining(user, TrainRequest.fromJson(body));
        } else {
            Map<String, Object> fields = Json.MAPPER.convertValue(body, new TypeReference<Map<String, Object>>() { });
            id = switch (ExperimentKind.of(kind.asText())) {
                case PTQ -> experiments.startPtq(user, fields);
                case PTQ_VARIANTS -> experiments.startPtqVariants(user, fields);
                case QAT -> experiments.startQat(user, fields);
                case SWEEP -> experiments.startSweep(user, fields);
                case MIXED_PRECISION -> experiments.startMixedPrecision(user, fields);
                case TRAIN -> throw new IllegalStateException("a training is started above");
            };
        }
        JsonBody.send(ctx, 202, Map.of("id", id));
    }

        private void listExperiments(Context ctx) {
        User user = Auth.user(ctx);
        JsonBody.send(ctx, 200, experiments.ownedBy(user).stream()
                .map(e -> ExperimentJson.of(e, experiments.progress(e), experiments.queuePosition(e)))
                .toList());
    }

    private void getExperiment(Context ctx) {
        Experiment e = visible(ctx);
        JsonBody.send(ctx, 200, ExperimentJson.of(e, experiments.progress(e), experiments.queuePosition(e)));
    }

    private void cancelExperiment(Context ctx) {
        long id = Ids.path(ctx, "id");
        Experiment after = experiments.cancel(Auth.user(ctx), id).orElseThrow(() -> notVisible(id));
        JsonBody.send(ctx, 202, ExperimentJson.of(after, experiments.progress(after), 0));
    }

    private Experiment visible(Context ctx) {
        long id = Ids.path(ctx, "id");
        return experiments.visible(Auth.user(ctx), id).orElseThrow(() -> notVisible(id));
    }

    private static NotFoundResponse notVisible(long id) {
        return new NotFoundResponse("no experiment " + id + " that you can see");
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
