/**
 * The ingress controller's Kubernetes mode: informers on a cluster's API server feed the pure
 * {@link io.meshgate.ingress.IngressTranslator}, an embedded kernel serves the result on every pod,
 * and the pod holding the leader Lease writes {@code Ingress.status.loadBalancer}.
 * Entry point: {@link io.meshgate.kube.IngressControllerMain}.
 */
package io.meshgate.kube;
