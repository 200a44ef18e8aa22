package io.meshgate.kernel.http;

import io.meshgate.kernel.upstream.UpstreamCluster;

/**
 * The part of a compiled config that an HTTP exchange serves from: its listener and the clusters its
 * routes name. An exchange keeps the snapshot it started with, so a config swap never changes a
 * request in flight. Declared here rather than in {@code runtime}, which compiles it, so that the
 * HTTP proxy does not depend on the package that sets it up.
 */
public interface HttpSnapshot {

    /** The HTTP listener named {@code name}, or null when this config no longer has it. */
    HttpListenerRuntime httpListener(String name);

    /** The cluster named {@code name}, or null when this config has none by that name. */
    UpstreamCluster cluster(String name);
}
