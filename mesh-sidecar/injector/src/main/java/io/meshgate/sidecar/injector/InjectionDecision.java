package io.meshgate.sidecar.injector;

/**
 * Whether a pod gets the sidecar, and why: the reason goes into the webhook's answer (as an audit
 * annotation) so {@code kubectl get events} and the API server's audit log say why a pod was or was not
 * injected.
 *
 * @param inject true to add the sidecar
 * @param reason one sentence, e.g. {@code namespace httpbin is annotated flomesh.io/sidecar-injection: enabled}
 */
public record InjectionDecision(boolean inject, String reason) {
    static InjectionDecision yes(String reason) {
        return new InjectionDecision(true, reason);
    }

    static InjectionDecision no(String reason) {
        return new InjectionDecision(false, reason);
    }
}
