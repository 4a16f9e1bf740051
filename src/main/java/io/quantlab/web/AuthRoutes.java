package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.account.AccountService;
import io.quantlab.account.User;
import io.quantlab.classroom.Registration;
import java.util.Optional;

/** Sign in, sign out, and a student's registration with a join code. */
final class AuthRoutes {
    private final Auth auth;
    private final AccountService accounts;
    private final Registration registration;

    AuthRoutes(Auth auth, AccountService accounts, Registration registration) {
        this.auth = auth;
        this.accounts = accounts;
        this.registration = registration;
    }

    void register(RoutesConfig routes) {
        routes.get("/signin", ctx -> Views.render(ctx, "signin.jte", new SignInView(Views.page(ctx, "Sign in", ""),
                "", ctx.queryParam("next"), null, ctx.queryParam("expired") != null)));
        routes.post("/signin", this::signIn);
        routes.post("/signout", ctx -> {
            auth.signOut(ctx);
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
        });
        routes.get("/register", ctx -> Views.render(ctx, "register.jte", new RegisterView(
                Views.page(ctx, "Join a course", ""), "", "", orEmpty(ctx.queryParam("code")), null)));
        routes.post("/register", this::registerStudent);
    }

    private void signIn(Context ctx) {
        String email = orEmpty(ctx.formParam("email"));
        Optional<User> user = accounts.signIn(email, ctx.formParam("password"));
        if (user.isEmpty()) {
            ctx.status(401);
            Views.render(ctx, "signin.jte", new SignInView(Views.page(ctx, "Sign in", ""), email,
                    ctx.formParam("next"), "Email or password is wrong.", false));
            return;
        }
        auth.signIn(ctx, user.get());
        ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private void registerStudent(Context ctx) {
        String email = orEmpty(ctx.formParam("email"));
        String name = orEmpty(ctx.formParam("name"));
        String code = orEmpty(ctx.formParam("joinCode"));
        try {
            User student = registration.registerStudent(email, name, ctx.formParam("password"), code);
            auth.signIn(ctx, student);
            ctx.redirect("/labs", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            Views.render(ctx, "register.jte", new RegisterView(Views.page(ctx, "Join a course", ""), email, name, code,
                    e.getMessage()));
        }
    }

    /** Only local paths, so a crafted link cannot send a user elsewhere after signing in. */
    private static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") ? next : "/labs";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
