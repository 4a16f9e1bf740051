package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.account.AccountService;
import io.quantlab.account.TooManySignInsException;
import io.quantlab.account.User;
import io.quantlab.classroom.Invitations;
import io.quantlab.classroom.Registration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Sign in, sign out, a student's registration with a join code (page and API), and invitation links. */
final class AuthRoutes {
    private static final Pattern SAME_SITE_PATH = Pattern.compile("/([A-Za-z0-9][\\x21-\\x7e]*)?");
    private final Auth auth;
    private final AccountService accounts;
    private final Registration registration;
    private final Invitations invitations;

    AuthRoutes(Auth auth, AccountService accounts, Registration registration, Invitations invitations) {
        this.auth = auth;
        this.accounts = accounts;
        this.registration = registration;
        this.invitations = invitations;
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
        routes.post("/api/register", this::registerByApi);
        routes.get("/invite/{token}", ctx -> renderInvitation(ctx, invitations.find(ctx.pathParam("token")), null));
        routes.post("/invite/{token}", this::acceptInvitation);
    }

    private void signIn(Context ctx) {
        String email = orEmpty(ctx.formParam("email"));
        Optional<User> user;
        try {
            user = accounts.signIn(email, ctx.formParam("password"), ctx.ip());
        } catch (TooManySignInsException e) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            refuse(ctx, 429, email, "Too many failed sign-ins: wait " + e.retryAfterSeconds()
                    + " seconds, then try again.");
            return;
        }
        if (user.isEmpty()) {
            refuse(ctx, 401, email, "Email or password is wrong.");
            return;
        }
        auth.signIn(ctx, user.get());
        ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private static void refuse(Context ctx, int status, String email, String message) {
        ctx.status(status);
        Views.render(ctx, "signin.jte", new SignInView(Views.page(ctx, "Sign in", ""), email, ctx.formParam("next"),
                message, false));
    }

    private void registerStudent(Context ctx) {
        String email = orEmpty(ctx.formParam("email"));
        String name = orEmpty(ctx.formParam("name"));
        String code = orEmpty(ctx.formParam("joinCode"));
        try {
            User student = registration.registerStudent(email, name, ctx.formParam("password"), code, ctx.ip());
            auth.signIn(ctx, student);
            // The course page, like an invitation link: it lists the exercises the student joined for.
            ctx.redirect("/course", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderRegister(ctx, email, name, code, e.getMessage());
        } catch (TooManySignInsException e) {
            ctx.status(429).header("Retry-After", Long.toString(e.retryAfterSeconds()));
            renderRegister(ctx, email, name, code, "Too many wrong join codes: wait " + e.retryAfterSeconds()
                    + " seconds, then try again.");
        }
    }

    private static void renderRegister(Context ctx, String email, String name, String code, String error) {
        Views.render(ctx, "register.jte", new RegisterView(Views.page(ctx, "Join a course", ""), email, name, code,
                error));
    }

    /** The register page's JSON twin: same checks and waits; signs nobody in (ask POST /api/tokens for a token). */
    private void registerByApi(Context ctx) throws Exception {
        JsonNode body = JsonBody.object(ctx);
        User student = registration.registerStudent(JsonBody.text(body, "email"), JsonBody.text(body, "name"),
                JsonBody.text(body, "password"), JsonBody.text(body, "joinCode"), ctx.ip());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", student.id());
        answer.put("email", student.email());
        answer.put("name", student.displayName());
        JsonBody.send(ctx, 201, answer);
    }

    private void acceptInvitation(Context ctx) {
        String token = ctx.pathParam("token");
        Invitations.Pending pending = invitations.find(token);
        try {
            User student = invitations.accept(token, ctx.formParam("password"));
            auth.signIn(ctx, student);
            ctx.redirect("/course", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderInvitation(ctx, pending, e.getMessage());
        }
    }

    private static void renderInvitation(Context ctx, Invitations.Pending pending, String error) {
        Views.render(ctx, "invite.jte", new InvitationView(Views.page(ctx, "Welcome", ""), pending, error));
    }

    /**
     * Only paths of this site, so a crafted link cannot send a user elsewhere after signing in:
     * browsers read "//evil.com" and "/\\evil.com" as another host, so "/" must be followed by a
     * letter or digit (or nothing), and the rest by printable ASCII without spaces.
     */
    static String safeNext(String next) {
        return next != null && SAME_SITE_PATH.matcher(next).matches() ? next : "/labs";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
