/**
 * Per-route request filters: the {@link io.meshgate.kernel.filter.HttpFilter} SPI, one factory per
 * filter config record, and the {@link io.meshgate.kernel.filter.FilterRegistry} table whose row order
 * is the order filters run in. A filter sees one request or response head and its
 * {@link io.meshgate.kernel.filter.FilterContext}; it knows nothing of routing, upstreams, connections or TLS.
 */
package io.meshgate.kernel.filter;
