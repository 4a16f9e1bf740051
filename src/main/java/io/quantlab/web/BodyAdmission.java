package io.quantlab.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.quantlab.Config;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds the request bodies the server holds at once, all users together and per user, before a
 * byte of them is read: a request that would pass a bound is answered at once (503 when the
 * server is full, 429 when the sender is), so a class pasting a million numbers each cannot fill
 * the heap. A body counts with its declared size from its headers until its answer is done.
 * Small bodies (sign-in, a slider change) and multipart uploads (Jetty keeps their parts on disk)
 * are not counted.
 */
final class BodyAdmission {
    /** Bodies up to this size pass freely: the thread pool bounds what they can hold. */
    static final long SMALL_BODY_BYTES = 64 * 1024;
    static final long LARGEST_BODY_BYTES = Config.LARGEST_BODY_MEGABYTES * 1024L * 1024L;
    static final int USER_RETRY_SECONDS = 2;
    static final int SERVER_RETRY_SECONDS = 5;
    private static final String HELD = "ql.bodyBytes";
    private static final String HELD_BY_USER = "ql.bodyUser";

    private final long budget;
    private final long budgetPerUser;
    private long inFlight;
    private final Map<Long, Long> inFlightByUser = new HashMap<>();

    BodyAdmission(long budget, long budgetPerUser) {
        this.budget = budget;
        this.budgetPerUser = budgetPerUser;
    }

    /** The before-handler that runs first: counts the body against the server's budget. */
    void admit(Context ctx) {
        long size = countedSize(ctx);
        if (size == 0) {
            return;
        }
        synchronized (this) {
            if (inFlight + size > budget) {
                throw new Refused(503, SERVER_RETRY_SECONDS, "the server is busy with other large requests; "
                        + "try again in " + SERVER_RETRY_SECONDS + " seconds");
            }
            inFlight += size;
        }
        ctx.attribute(HELD, size);
    }

    /** The before-handler after sign-in: counts the body against its sender's budget. */
    void admitUser(Context ctx) {
        Long size = ctx.attribute(HELD);
        var user = Auth.currentUser(ctx);
        if (size == null || user.isEmpty()) {
            return;
        }
        long id = user.get().id();
        synchronized (this) {
            long mine = inFlightByUser.getOrDefault(id, 0L);
            if (mine + size > budgetPerUser) {
                inFlight -= size; // a refused body is only discarded, it holds nothing
                ctx.attribute(HELD, null);
                throw new Refused(429, USER_RETRY_SECONDS, "you have other large requests under way; wait for "
                        + "their answers, then try again in " + USER_RETRY_SECONDS + " seconds");
            }
            inFlightByUser.put(id, mine + size);
        }
        ctx.attribute(HELD_BY_USER, id);
    }

    /** The after-handler: gives the body's bytes back, also when the request failed or was refused. */
    void release(Context ctx) {
        Long size = ctx.attribute(HELD);
        if (size == null) {
            return;
        }
        Long id = ctx.attribute(HELD_BY_USER);
        ctx.attribute(HELD, null);
        ctx.attribute(HELD_BY_USER, null);
        synchronized (this) {
            inFlight -= size;
            if (id != null) {
                inFlightByUser.computeIfPresent(id, (user, held) -> held - size <= 0 ? null : held - size);
            }
        }
    }

    synchronized long inFlightBytes() {
        return inFlight;
    }

    /**
     * The request body as a stream, for routes that read up to {@link #LARGEST_BODY_BYTES} as it
     * arrives; Javalin's own limit for bodies read whole is far smaller.
     */
    static InputStream largeBody(Context ctx) {
        if (ctx.req().getContentLengthLong() > LARGEST_BODY_BYTES) {
            throw tooLarge();
        }
        return new FilterInputStream(ctx.bodyInputStream()) {
            private long left = LARGEST_BODY_BYTES;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                left -= n;
                if (left < 0) {
                    throw tooLarge();
                }
            }
        };
    }

    /** What a body counts: its declared size, the largest allowed when it declares none (chunked), 0 when free. */
    private static long countedSize(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (declared > LARGEST_BODY_BYTES && !type.startsWith("multipart/form-data")) {
            throw tooLarge();
        }
        boolean chunked = declared < 0 && ctx.header("Transfer-Encoding") != null;
        if (type.startsWith("multipart/form-data") || !chunked && declared <= SMALL_BODY_BYTES) {
            return 0;
        }
        return chunked ? LARGEST_BODY_BYTES : declared;
    }

    private static HttpResponseException tooLarge() {
        return new HttpResponseException(413, "the request body is larger than the limit of "
                + Config.LARGEST_BODY_MEGABYTES + " MB");
    }

    /** A body the server has no room for now; {@link Errors} answers with the status and Retry-After. */
    static final class Refused extends RuntimeException {
        final int status;
        final int retryAfterSeconds;

        Refused(int status, int retryAfterSeconds, String message) {
            super(message);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }
}
