/**
 * What every client of the admin API shares, whatever else it carries: trusting the mesh CA when the
 * API serves HTTPS ({@link io.meshgate.client.CaTrust}), a small blocking HTTP/1.1 client for the proxy
 * processes' few control-plane calls ({@link io.meshgate.client.BlockingHttpClient}: lighter than
 * java.net.http in a sidecar's memory), and the secret a sidecar's admin listener asks
 * of the control plane ({@link io.meshgate.client.SidecarAdminSecret}, derived on both sides), and strict
 * reading of the small JSON answers a proxy process gets ({@link io.meshgate.client.StrictJsonObject}). Used by
 * the proxies' config agent, the sidecar, the egress gateway, the server, the CLI and the console. The JDK
 * and jackson-core's streaming parser only (never jackson-databind: every proxy process would load it): it
 * knows nothing of the server, the kernel or any UI.
 */
package io.meshgate.client;
