package io.quantlab.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request refused before its body was read (413: too large) still has the body on its way. If the
 * server answered and closed at once, the bytes still arriving would make the kernel reset the
 * connection, and the client (a browser mid-upload, Java's HttpClient) would often lose the answer
 * and report a broken connection instead. So the body is read and thrown away first, up to
 * {@link #DISCARD_LIMIT}, and the connection is closed after the answer.
 */
final class UnreadBody {
    /** Beyond this the client gets the answer only if it reads while sending. */
    static final long DISCARD_LIMIT = 1L << 30;

    private UnreadBody() {
    }

    static void discard(Context ctx) {
        ctx.header("Connection", "close");
        long declared = ctx.req().getContentLengthLong();
        if (declared == 0 || declared > DISCARD_LIMIT) {
            return;
        }
        try (InputStream body = ctx.req().getInputStream()) {
            long left = DISCARD_LIMIT;
            byte[] buffer = new byte[64 * 1024];
            for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | IllegalStateException gone) {
            // the client stopped sending, or the body was already being read: answer anyway
        }
    }
}
