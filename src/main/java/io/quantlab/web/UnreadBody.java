package io.quantlab.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request refused before its body was read (413 too large, 429 or 503 no room) still has the
 * body on its way. Closing the connection on unread bytes would make TCP reset it, and a client
 * still sending (a browser mid-upload, Java's HttpClient) would lose the answer and report a broken
 * connection instead (half of them did in bench/admission). So the answer is sent at once, then what
 * the sender still sends is read into nothing, a buffer at a time, up to a bound. A client that
 * sent {@code Expect: 100-continue} sends no body at all.
 */
final class UnreadBody {
    /** Beyond this the client gets the answer only if it reads while sending. */
    static final long DISCARD_LIMIT = 1L << 30;

    private UnreadBody() {
    }

    /**
     * The after-handler for every request: a refusal (a redirect or an error) of a request with a
     * body is sent at once, then the rest of the body is discarded. A body already read (a 400 about
     * its content) has nothing left to discard.
     */
    static void answerBeforeDiscarding(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (ctx.statusCode() < 300 || declared == 0) {
            return;
        }
        if (declared > DISCARD_LIMIT) {
            ctx.header("Connection", "close");
        }
        try {
            InputStream answer = ctx.resultInputStream();
            byte[] bytes = answer == null ? new byte[0] : answer.readAllBytes();
            ctx.result(new byte[0]);
            ctx.res().setContentLength(bytes.length);
            ctx.res().getOutputStream().write(bytes);
            ctx.res().flushBuffer();
            discard(ctx.req().getInputStream(), DISCARD_LIMIT);
        } catch (IOException | IllegalStateException senderGone) {
            // the client stopped sending, or the body was already being read: nothing left to tell them
        }
    }

    private static void discard(InputStream body, long atMost) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = atMost; left > 0; ) {
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }
}
