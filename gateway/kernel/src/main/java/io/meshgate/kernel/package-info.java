/**
 * The proxy kernel as its embedders see it: {@link io.meshgate.kernel.Kernel} starts the event loops,
 * listeners and admin server, applies one {@link io.meshgate.config.ProxyConfig} at a time and drains on
 * shutdown; {@link io.meshgate.kernel.KernelOptions} holds the settings that never change with a config.
 * It assembles the sub-packages, none of which depends on it, and knows nothing of Kubernetes or the
 * control plane: they hand it ProxyConfig records.
 */
package io.meshgate.kernel;
