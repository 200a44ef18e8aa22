/**
 * The ingress controller's Kubernetes mode, on the same reconciler as the standalone control plane
 * ({@link io.meshgate.reconcile}): the informer caches are its snapshot source
 * ({@link io.meshgate.kube.InformerSnapshotSource}, fabric8 objects converted to resources,
 * EndpointSlices folded into Endpoints), an embedded kernel on every pod applies what it publishes,
 * and the pod holding the leader Lease writes statuses to the cluster
 * ({@link io.meshgate.kube.KubernetesStatusSink}: {@code Ingress.status.loadBalancer},
 * IngressBackend status, Ingress condition Events). Knows fabric8 and the cluster; translates
 * nothing itself. Entry point: {@link io.meshgate.kube.IngressControllerMain}.
 */
package io.meshgate.kube;
