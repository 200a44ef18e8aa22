package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * What the injector made of one pod.
 *
 * @param decision whether and why
 * @param patch    the RFC 6902 operations turning the pod as submitted into the injected one; empty when
 *                 the pod is not injected
 */
public record InjectionResult(InjectionDecision decision, ArrayNode patch) {
}
