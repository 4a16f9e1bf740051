package io.quantlab.web.target;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.quantlab.leaderboard.ExerciseBoard;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.JsonBody;
import io.quantlab.web.Views;
import java.util.LinkedHashMap;
import java.util.Map;

/** A target exercise's leaderboard: public until the deadline, private after, as JSON and as a page. */
public final class ExerciseBoardRoutes {
    private final ExerciseBoard boards;

    public ExerciseBoardRoutes(ExerciseBoard boards) {
        this.boards = boards;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/exercises/{id}/leaderboard", this::json);
        routes.post("/api/exercises/{id}/ranking-bonus", ctx -> send(ctx,
                boards.addRankingBonus(Auth.teacher(ctx), Ids.path(ctx, "id"))));
        routes.get("/exercises/{id}/leaderboard", ctx -> {
            ExerciseBoard.View board = boards.board(Auth.user(ctx), Ids.path(ctx, "id"));
            Views.render(ctx, "target/exerciseBoard.jte",
                    new ExerciseBoardView(Views.page(ctx, board.title() + ": leaderboard", "course"), board));
        });
    }

    private void json(Context ctx) {
        send(ctx, boards.board(Auth.user(ctx), Ids.path(ctx, "id")));
    }

    private static void send(Context ctx, ExerciseBoard.View b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exercise", b.exerciseId());
        out.put("title", b.title());
        out.put("dataset", b.dataset());
        out.put("model", b.model());
        out.put("dueAt", b.dueAt().toString());
        out.put("board", b.board());
        out.put("accuracy", b.privateBoard() ? "hidden split" : "visible test images");
        out.put("anonymized", b.anonymized());
        out.put("rows", b.rows());
        out.put("paretoFront", b.paretoFront());
        out.put("evaluating", b.evaluating());
        if (!b.failed().isEmpty()) {
            out.put("failed", b.failed());
        }
        JsonBody.send(ctx, 200, out);
    }
}
