package io.meshgate.kernel.mesh;

import io.meshgate.kernel.http.RequestAccess;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The per-request access check of an HTTP destination rule: the peer recorded on the connection and
 * the request, judged by the rule's {@link AccessPolicy}. Denials are counted under the mesh
 * listener's name and the rule's.
 */
final class RuleRequestAccess implements RequestAccess {
    private final String listener;
    private final String rule;
    private final AccessPolicy policy;

    RuleRequestAccess(String listener, String rule, AccessPolicy policy) {
        this.listener = listener;
        this.rule = rule;
        this.policy = policy;
    }

    @Override
    public Denial check(Channel connection, String path, String method, HttpHeaders headers) {
        String reason = policy.admitRequest(Peer.recorded(connection), path, method, headers);
        return reason == null ? null : new Denial(listener, rule, reason);
    }
}
