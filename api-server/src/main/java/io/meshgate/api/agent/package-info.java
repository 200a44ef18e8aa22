/**
 * The proxy side of config distribution: {@link io.meshgate.api.agent.ConfigAgent} long-polls a
 * proxy's config over plain HTTP (java.net.http only) and applies it to a kernel; no Helidon here.
 */
package io.meshgate.api.agent;
