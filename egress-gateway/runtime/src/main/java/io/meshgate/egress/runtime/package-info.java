/**
 * The egress gateway process, {@code bin/meshgate egress-gateway}: the proxy runtime of {@code gateway/proxy}
 * (kernel, config agent, last good config, admin listener) following the config the control plane publishes
 * for a proxy of kind {@code egress}. Like every proxy process it carries nothing of the control plane.
 */
package io.meshgate.egress.runtime;
