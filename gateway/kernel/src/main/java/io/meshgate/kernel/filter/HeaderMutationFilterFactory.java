package io.meshgate.kernel.filter;

import io.meshgate.config.HeaderMutation;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Builds {@link HeaderMutationFilter}s. Refuses mutations of the headers the proxy itself owns:
 * message framing ({@code Content-Length}, {@code Transfer-Encoding}) and hop-by-hop headers. Letting
 * a route rewrite framing would make the proxy and the upstream disagree on where a body ends, the
 * recipe for request smuggling. {@code Host} may be set on requests (virtual
 * hosting upstream) but neither added (two Host lines are a 400) nor removed.
 */
public final class HeaderMutationFilterFactory implements FilterFactory<HeaderMutation> {

    private static final Set<String> PROXY_OWNED = Set.of(
            "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection",
            "te", "trailer", "upgrade");

    @Override
    public Class<HeaderMutation> configType() {
        return HeaderMutation.class;
    }

    @Override
    public HttpFilter create(HeaderMutation config) {
        refuseProxyOwned(config.requestSet().keySet(), "request set");
        refuseProxyOwned(config.requestAdd().keySet(), "request add");
        refuseProxyOwned(config.requestRemove(), "request remove");
        refuseProxyOwned(config.responseSet().keySet(), "response set");
        refuseProxyOwned(config.responseAdd().keySet(), "response add");
        refuseProxyOwned(config.responseRemove(), "response remove");
        refuseHost(config.requestAdd().keySet(), "request add");
        refuseHost(config.requestRemove(), "request remove");
        return new HeaderMutationFilter(
                HeaderEdits.of(config.requestRemove(), config.requestSet(), config.requestAdd()),
                HeaderEdits.of(config.responseRemove(), config.responseSet(), config.responseAdd()));
    }

    private static void refuseProxyOwned(Collection<String> names, String where) {
        for (String name : names) {
            if (PROXY_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(where + ": header " + name
                        + " is managed by the proxy (framing or hop-by-hop) and cannot be changed");
            }
        }
    }

    private static void refuseHost(Collection<String> names, String where) {
        for (String name : names) {
            if (name.equalsIgnoreCase("host")) {
                throw new IllegalArgumentException(where + ": header Host can only be set, not added or removed");
            }
        }
    }
}
