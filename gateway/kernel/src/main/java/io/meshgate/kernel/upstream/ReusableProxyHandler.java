package io.meshgate.kernel.upstream;

/**
 * Marks a proxy response handler that may stay on a pooled connection between leases (adding and
 * removing a handler per request costs measurable CPU). Such a handler must drop whatever it reads
 * while no exchange holds the connection; the pool's own idle guard closes the connection then.
 */
public interface ReusableProxyHandler {
}
