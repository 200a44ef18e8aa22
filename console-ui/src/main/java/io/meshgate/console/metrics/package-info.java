/**
 * Live traffic for the console: what {@code GET /api/v1/namespaces/{ns}/trafficsplits/{name}/traffic}
 * answered, as the canary screen prints it per backend ({@link io.meshgate.console.metrics.LiveTraffic}).
 * The API computes the rates from the proxies' counters; this package only words them. No HTTP client,
 * no Vaadin.
 */
package io.meshgate.console.metrics;
