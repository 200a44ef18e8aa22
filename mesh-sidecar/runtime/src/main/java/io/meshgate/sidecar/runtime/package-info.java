/**
 * {@code meshgate sidecar}: the proxy beside one workload. Registers the workload with the control
 * plane ({@link io.meshgate.sidecar.runtime.WorkloadRegistration}), runs the shared proxy start-up of
 * {@code gateway/proxy} for the proxy the registration names, and serves FSM's Prometheus port with
 * the kernel's metrics-only listener ({@link io.meshgate.kernel.observe.MetricsListener}). Like every
 * proxy process it carries nothing of the control plane (enforcer + {@code SidecarDependencyRulesTest}).
 */
package io.meshgate.sidecar.runtime;
