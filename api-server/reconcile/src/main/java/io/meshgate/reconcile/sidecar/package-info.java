/**
 * The mesh sidecars' part of the reconciler: the {@link io.meshgate.reconcile.Translator} of proxies
 * of kind {@code sidecar} ({@link io.meshgate.reconcile.sidecar.SidecarProxyTranslator}), which runs
 * the pure {@link io.meshgate.sidecar.translator.SidecarTranslator} for the workload a proxy name
 * ({@code sidecar.<namespace>.<pod>}) stands for, with the certificate
 * {@link io.meshgate.reconcile.sidecar.WorkloadCertificates} issues for it; and what the IngressBackend
 * reporter needs to know of sidecars ({@link io.meshgate.reconcile.sidecar.IngressBackendEnforcement}).
 * The certificate authority itself is plugged in by the server that holds it.
 */
package io.meshgate.reconcile.sidecar;
