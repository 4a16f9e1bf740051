package io.quantlab.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import io.quantlab.account.AccountService;
import io.quantlab.account.ApiTokenStore;
import io.quantlab.account.Secrets;
import io.quantlab.account.Session;
import io.quantlab.account.SessionStore;
import io.quantlab.account.User;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, and may they: the session cookie for pages, a Bearer token for {@code /api/},
 * and the CSRF check on every state-changing page request (API calls carry no cookies, so
 * they need none).
 */
public final class Auth {
    static final String SESSION_COOKIE = "ql_session";
    static final String ANON_CSRF_COOKIE = "ql_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";
    private static final String USER = "ql.user";
    private static final String SESSION = "ql.session";
    private static final String ANON_CSRF = "ql.anonCsrf";
    private static final Set<String> PUBLIC_PAGES = Set.of("/signin", "/register", "/healthz", "/api/tokens",
            "/api/register");
    /** A roster import's one-time links: {@code /invite/<token>}, opened before the student can sign in. */
    private static final String INVITATIONS = "/invite/";

    private final SessionStore sessions;
    private final ApiTokenStore tokens;
    private final AccountService accounts;
    private final int sessionSeconds;
    private final long maxUploadBytes;
    /** Behind HTTPS: cookies marked Secure, so a browser never sends them over plain HTTP. */
    private final boolean secureCookies;

    Auth(SessionStore sessions, ApiTokenStore tokens, AccountService accounts, int sessionSeconds, long maxUploadBytes,
            boolean secureCookies) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.accounts = accounts;
        this.sessionSeconds = sessionSeconds;
        this.maxUploadBytes = maxUploadBytes;
        this.secureCookies = secureCookies;
    }

    /** The before-handler of every request. */
    void identify(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/static/") || path.startsWith("/webjars/") || path.equals("/favicon.ico")) {
            return;
        }
        if (isApi(ctx)) {
            identifyByToken(ctx);
            currentUser(ctx).ifPresent(accounts::seen);
            if (currentUser(ctx).isEmpty() && !PUBLIC_PAGES.contains(path)) {
                throw new UnauthorizedResponse((ctx.header("Authorization") == null ? "send 'Authorization: Bearer"
                        + " <token>'" : "this token is unknown, revoked or expired") + "; create a token with "
                        + "POST /api/tokens or on your profile page");
            }
            refuseUploadsFromNonInstructors(ctx);
            return;
        }
        sessions.find(ctx.cookie(SESSION_COOKIE)).ifPresent(s -> {
            ctx.attribute(SESSION, s);
            ctx.attribute(USER, s.user());
        });
        currentUser(ctx).ifPresent(accounts::seen);
        if (currentUser(ctx).isEmpty()) {
            ensureAnonymousCsrf(ctx);
            if (!PUBLIC_PAGES.contains(path) && !path.startsWith(INVITATIONS)) {
                throw new SignInRequired(ctx.cookie(SESSION_COOKIE) != null);
            }
        }
        refuseUploadsFromNonInstructors(ctx);
        if (changesState(ctx)) {
            checkCsrf(ctx); // may read a form body, so only after every check the headers allow
        }
    }

    /** Only instructors upload files; anyone else is refused before a byte of the body is read. */
    private static void refuseUploadsFromNonInstructors(Context ctx) {
        String type = ctx.contentType();
        boolean teaches = currentUser(ctx).map(u -> u.role().teaches()).orElse(false);
        if (type != null && type.startsWith("multipart/") && !teaches) {
            throw new ForbiddenResponse("only instructors can upload files");
        }
    }

    static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/");
    }

    static Optional<User> currentUser(Context ctx) {
        return Optional.ofNullable(ctx.attribute(USER));
    }

    public static User user(Context ctx) {
        return currentUser(ctx).orElseThrow(() -> new UnauthorizedResponse("sign in first"));
    }

    /** The signed-in user if they are an instructor (or admin); else 403. */
    public static User teacher(Context ctx) {
        User user = user(ctx);
        if (!user.role().teaches()) {
            throw new ForbiddenResponse("only instructors can do this");
        }
        return user;
    }

    /** The signed-in user if they are an administrator; else 403. */
    public static User admin(Context ctx) {
        User user = user(ctx);
        if (user.role() != io.quantlab.account.Role.ADMIN) {
            throw new ForbiddenResponse("only an administrator can do this");
        }
        return user;
    }

    public static String csrfToken(Context ctx) {
        Session session = ctx.attribute(SESSION);
        return session != null ? session.csrfToken() : ctx.attribute(ANON_CSRF);
    }

    void signIn(Context ctx, User user) {
        String secret = sessions.start(user);
        setCookie(ctx, SESSION_COOKIE, secret, sessionSeconds);
    }

    void signOut(Context ctx) {
        sessions.end(ctx.cookie(SESSION_COOKIE));
        setCookie(ctx, SESSION_COOKIE, "", 0);
    }

    private void identifyByToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            tokens.authenticate(header.substring(7).trim()).ifPresent(u -> ctx.attribute(USER, u));
        }
    }

    private static boolean changesState(Context ctx) {
        HandlerType m = ctx.method();
        return m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
    }

    private void checkCsrf(Context ctx) {
        String expected = csrfToken(ctx);
        String sent = ctx.header(CSRF_HEADER);
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (type.startsWith("multipart/form-data") && ctx.req().getContentLengthLong() > maxUploadBytes) {
            throw new HttpResponseException(413, "the upload is larger than the limit of "
                    + maxUploadBytes / (1024 * 1024) + " MB");
        }
        if (sent == null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        if (expected == null || sent == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("the form's security token is missing or out of date; reload the page and try again");
        }
    }

    private void ensureAnonymousCsrf(Context ctx) {
        String token = ctx.cookie(ANON_CSRF_COOKIE);
        if (token == null || token.length() < 20) {
            token = Secrets.token();
            setCookie(ctx, ANON_CSRF_COOKIE, token, sessionSeconds);
        }
        ctx.attribute(ANON_CSRF, token);
    }

    private void setCookie(Context ctx, String name, String value, int maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (secureCookies ? "; Secure" : ""));
    }

    /** No valid session on a page that needs one. */
    static final class SignInRequired extends RuntimeException {
        final boolean expired;

        SignInRequired(boolean expired) {
            super(expired ? "your session expired; sign in again" : "sign in first");
            this.expired = expired;
        }
    }
}
