/**
 * What operators see of a running kernel: {@link io.meshgate.kernel.observe.KernelMetrics} (Micrometer
 * meters in a Prometheus registry, also rendered as Envoy-like {@code /stats} lines), the structured
 * {@link io.meshgate.kernel.observe.AccessLog}, the {@link io.meshgate.config.json.ProxyConfigJson}
 * codec (example config files and {@code /config_dump}, private keys redacted) and the
 * {@link io.meshgate.kernel.observe.AdminServer} that serves them on a loopback port.
 */
package io.meshgate.kernel.observe;
