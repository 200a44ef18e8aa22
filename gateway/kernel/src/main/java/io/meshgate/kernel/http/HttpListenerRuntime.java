package io.meshgate.kernel.http;

import io.meshgate.config.HttpListener;
import io.meshgate.kernel.routing.Router;
import io.meshgate.kernel.tls.PassthroughTable;
import io.meshgate.kernel.tls.ServerTlsContexts;

/**
 * The compiled form of one HTTP listener: its config, its router, its TLS contexts (null when the
 * listener is cleartext) and its passthrough table.
 */
public record HttpListenerRuntime(HttpListener config, Router router, ServerTlsContexts tls,
                                  PassthroughTable passthrough) {}
