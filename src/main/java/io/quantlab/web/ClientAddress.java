package io.quantlab.web;

import io.javalin.http.Context;
import java.util.Set;

/**
 * The address a request came from, which sign-in waits are counted by. Behind a reverse proxy
 * (for HTTPS) every connection comes from the proxy; when it is one of the trusted proxies, the
 * client is the nearest address in {@code X-Forwarded-For} that is not a trusted proxy. From anyone
 * else the header is ignored: a client could write any address into it.
 */
final class ClientAddress {
    private ClientAddress() {
    }

    static String of(Context ctx, Set<String> trustedProxies) {
        String remote = ctx.req().getRemoteAddr();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || !trustedProxies.contains(remote)) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return remote;
    }
}
