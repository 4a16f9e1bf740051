package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.quantlab.system.Health;

final class HealthRoutes {
    private final Health health;

    HealthRoutes(Health health) {
        this.health = health;
    }

    void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> {
            Health.Report report = health.check();
            JsonBody.send(ctx, report.ok() ? 200 : 503, report);
        });
    }
}
