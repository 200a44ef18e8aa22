/**
 * What operators see of a running kernel: {@link io.meshgate.kernel.observe.KernelMetrics} (Micrometer
 * meters in a Prometheus registry, also rendered as Envoy-like {@code /stats} lines), the structured
 * {@link io.meshgate.kernel.observe.AccessLog} and the {@link io.meshgate.kernel.observe.AdminServer}
 * that serves stats, metrics and {@code /config_dump} (written by the config module's JSON codec,
 * private keys redacted) on a loopback port, and the {@link io.meshgate.kernel.observe.MetricsListener},
 * metrics only, on the admin listener's event loop, for scrapers that must not reach the admin pages.
 *
 * <p>Knows nothing of the control plane: what it shows comes from the running snapshot.
 */
package io.meshgate.kernel.observe;
