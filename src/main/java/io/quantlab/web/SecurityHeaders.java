package io.quantlab.web;

import io.javalin.http.Context;

/**
 * Headers on every answer that tell the browser what a page may do: scripts only from this site
 * (htmx, Chart.js and our own files are all served here; no inline scripts, handlers or
 * {@code javascript:} links), never shown in another site's frame, no guessing of content types,
 * and no full address sent to other sites. Inline styles stay allowed: the confusion matrix shades
 * its cells with a style attribute and htmx adds its indicator style.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private SecurityHeaders() {
    }

    static void add(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
    }
}
