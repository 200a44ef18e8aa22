package io.meshgate.kernel.http;

import io.meshgate.config.HttpListener;
import io.meshgate.kernel.routing.Router;
import io.meshgate.kernel.tls.PassthroughTable;
import io.meshgate.kernel.tls.ServerTlsContexts;

/**
 * The compiled form of one HTTP listener: its config, its router, its TLS contexts (null when the
 * listener is cleartext), its passthrough table and who may send requests (null: anyone; set for
 * the HTTP destination rules of mesh listeners, which are served as HTTP listeners of their own).
 */
public record HttpListenerRuntime(HttpListener config, Router router, ServerTlsContexts tls,
                                  PassthroughTable passthrough, RequestAccess access) {

    /** A listener open to anyone. */
    public HttpListenerRuntime(HttpListener config, Router router, ServerTlsContexts tls, PassthroughTable passthrough) {
        this(config, router, tls, passthrough, null);
    }
}
