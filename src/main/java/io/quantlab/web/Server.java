package io.quantlab.web;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import io.quantlab.account.AccountService;
import io.quantlab.account.ApiTokenStore;
import io.quantlab.account.SessionStore;
import io.quantlab.classroom.Classroom;
import io.quantlab.classroom.CourseStore;
import io.quantlab.classroom.Registration;
import io.quantlab.data.Datasets;
import io.quantlab.datasetimport.DatasetImportService;
import io.quantlab.discretize.DiscretizeLab;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.imported.ImportService;
import io.quantlab.dashboard.CourseDashboard;
import io.quantlab.exercise.ExerciseService;
import io.quantlab.leaderboard.ExerciseBoard;
import io.quantlab.leaderboard.Leaderboard;
import io.quantlab.system.Health;
import io.quantlab.web.classroom.CourseApiRoutes;
import io.quantlab.web.target.ExerciseBoardRoutes;
import io.quantlab.web.classroom.CourseRoutes;
import io.quantlab.web.composer.ComposerRoutes;
import io.quantlab.web.dashboard.DashboardRoutes;
import io.quantlab.web.exercise.ExerciseApiRoutes;
import io.quantlab.web.exercise.ExerciseRoutes;
import io.quantlab.web.ptq.PtqRoutes;
import io.quantlab.web.mixed.MixedPrecisionRoutes;
import io.quantlab.web.people.PeopleApiRoutes;
import io.quantlab.web.people.PeopleRoutes;
import io.quantlab.web.qat.QatRoutes;
import io.quantlab.web.sweep.SweepRoutes;
import java.time.Duration;
import java.util.Set;

/** The Javalin server: static files, the auth filter, every route area, the error mapping. */
public final class Server {
    public record Services(AccountService accounts, SessionStore sessions, ApiTokenStore tokens, CourseStore courses,
            Registration registration, Classroom classroom, ExperimentService experiments,
            Datasets datasets, Health health, ImportService imports,
            DatasetImportService datasetImports, Duration sessionLifetime, long maxUploadBytes,
            boolean secureCookies, Set<String> trustedProxies, long bodiesInFlightBytes,
            long bodiesInFlightPerUserBytes, Leaderboard leaderboard, ExerciseService exercises,
            CourseDashboard dashboard, ExerciseBoard exerciseBoards) {
    }

    private Server() {
    }

    public static Javalin create(Services s) {
        Auth auth = new Auth(s.sessions(), s.tokens(), s.accounts(), (int) s.sessionLifetime().toSeconds(), s.maxUploadBytes(),
                s.secureCookies());
        BodyAdmission admission = new BodyAdmission(s.bodiesInFlightBytes(), s.bodiesInFlightPerUserBytes());
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.contextResolver.ip = ctx -> ClientAddress.of(ctx, s.trustedProxies());
            config.staticFiles.enableWebjars();
            // Bodies read whole (ctx.body(), ctx.formParam()) are small; Lab 1 streams its large ones (BodyAdmission).
            config.http.maxRequestSize = 1024L * 1024;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
            });
            config.jetty.multipartConfig.maxFileSize(s.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(s.maxUploadBytes() + 1_000_000, SizeUnit.BYTES);
            config.routes.before(SecurityHeaders::add);
            config.routes.before(admission::admit);
            config.routes.before(auth::identify);
            config.routes.before(admission::admitUser);
            config.routes.after(admission::release);
            new AuthRoutes(auth, s.accounts(), s.registration(), s.classroom().invitations()).register(config.routes);
            new PageRoutes(s.leaderboard()).register(config.routes);
            new ExerciseBoardRoutes(s.exerciseBoards()).register(config.routes);
            new CourseRoutes(s.classroom().courses(), s.classroom().roster(), s.experiments()).register(config.routes);
            new CourseApiRoutes(s.classroom().courses(), s.classroom().roster()).register(config.routes);
            new PeopleRoutes(s.classroom().people()).register(config.routes);
            new PeopleApiRoutes(s.classroom().people()).register(config.routes);
            new DashboardRoutes(s.dashboard()).register(config.routes);
            new ExerciseApiRoutes(s.exercises()).register(config.routes);
            new ExerciseRoutes(s.exercises(), s.classroom().courses(), s.datasets()).register(config.routes);
            new ModelRoutes(s.imports(), s.datasets()).register(config.routes);
            new ExperimentRoutes(s.experiments(), s.datasets(), s.courses()).register(config.routes);
            new PtqRoutes(s.experiments()).register(config.routes);
            new QatRoutes(s.experiments()).register(config.routes);
            new ComposerRoutes(s.experiments()).register(config.routes);
            new SweepRoutes(s.experiments()).register(config.routes);
            new MixedPrecisionRoutes(s.experiments()).register(config.routes);
            new DiscretizeRoutes(new DiscretizeLab()).register(config.routes);
            new ProfileRoutes(s.tokens()).register(config.routes);
            new ApiRoutes(s.accounts(), s.tokens(), s.experiments()).register(config.routes);
            new HealthRoutes(s.health()).register(config.routes);
            new DatasetRoutes(s.datasets(), s.datasetImports(), s.maxUploadBytes()).register(config.routes);
            Errors.register(config.routes);
        });
    }
}
