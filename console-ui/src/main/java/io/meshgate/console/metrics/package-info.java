/**
 * Reads the proxy kernel's Prometheus text for the console: the share of requests each backend
 * Service received ({@link io.meshgate.console.metrics.TrafficShares}). Parses the text a view
 * fetched from the API's {@code /metrics}: no HTTP client, no Vaadin.
 */
package io.meshgate.console.metrics;
