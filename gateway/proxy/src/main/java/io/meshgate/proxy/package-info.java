/**
 * What every proxy process runs around the kernel: {@link io.meshgate.proxy.ConfigAgent} long-polls
 * the proxy's config from the control plane over HTTP or HTTPS
 * ({@link io.meshgate.client.BlockingHttpClient}, not java.net.http: memory), keeps the last good one
 * on disk ({@link io.meshgate.proxy.LastGoodConfig}) and applies it to the kernel;
 * {@link io.meshgate.proxy.ProxyMain} and {@link io.meshgate.proxy.FileConfigMain} are the two
 * process entry points (config from the control plane, or from a JSON file).
 *
 * <p>Knows the distribution channel's wire contract (paths, headers, the config JSON) and nothing of
 * the control plane's implementation: no Helidon, jOOQ, H2, Vaadin, Jetty or fabric8 is on this
 * module's classpath (the build's enforcer and an ArchUnit test keep it so).
 */
package io.meshgate.proxy;
