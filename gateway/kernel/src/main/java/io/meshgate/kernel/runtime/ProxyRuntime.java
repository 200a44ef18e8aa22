package io.meshgate.kernel.runtime;

import io.meshgate.kernel.http.HttpRuntime;

/**
 * The running kernel as the listeners see it: what the HTTP handlers need, with the whole compiled
 * snapshot, since TCP listeners and passthrough connections also read their part of it.
 */
public interface ProxyRuntime extends HttpRuntime {

    @Override
    RuntimeSnapshot snapshot();
}
