/**
 * Live traffic per TrafficSplit backend, from the proxies' own request counters: parsing the
 * {@code cluster.<name>.upstream_rq_total} lines of a proxy's {@code /stats} page
 * ({@link io.meshgate.api.traffic.RequestCounters}), naming the Service a cluster sends to
 * ({@link io.meshgate.api.traffic.BackendCluster}), keeping a short history of samples per proxy
 * ({@link io.meshgate.api.traffic.CounterHistory}, {@link io.meshgate.api.traffic.TrafficSampler}) and turning
 * counter deltas into requests per second and shares ({@link io.meshgate.api.traffic.SplitTraffic}). No
 * Helidon, no I/O: the API's {@code TrafficSplitTrafficService} reads the pages and serves the result.
 */
package io.meshgate.api.traffic;
