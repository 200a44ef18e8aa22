/**
 * The ingress gateway's part of the reconciler: the {@link io.meshgate.reconcile.Translator} that
 * runs the pure {@link io.meshgate.ingress.IngressTranslator} over a snapshot, the
 * {@code loadBalancer} status of a gateway whose address is known, and the IngressBackend status
 * reporter. The same code serves both modes; what differs (settings that follow the cluster, who
 * writes the address) is passed in.
 */
package io.meshgate.reconcile.ingress;
