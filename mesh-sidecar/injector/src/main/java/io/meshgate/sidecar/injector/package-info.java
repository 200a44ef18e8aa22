/**
 * The sidecar injector of Kubernetes pods (FSM's {@code fsm-injector}), as pure functions: an
 * AdmissionReview of a Pod, its Namespace's labels and annotations and the {@link
 * io.meshgate.sidecar.injector.InjectionSettings} in, the AdmissionReview response with an RFC 6902
 * patch out. {@link io.meshgate.sidecar.injector.PodAdmission} is the entry point;
 * {@link io.meshgate.sidecar.injector.InjectionPolicy} decides whether a pod is injected,
 * {@link io.meshgate.sidecar.injector.SidecarContainers} builds the two containers,
 * {@link io.meshgate.sidecar.injector.ProbeRewriter} rewrites the workload's probes as FSM does, and
 * {@link io.meshgate.sidecar.injector.AdmissionReviews} reads and writes the envelope strictly for
 * every webhook of the control plane. No I/O, no clock, no randomness: the same request gives the
 * same patch, which the golden files check.
 */
package io.meshgate.sidecar.injector;
