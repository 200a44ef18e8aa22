/**
 * Config distribution: the board of published per-proxy configs, the {@code /api/v1/proxies}
 * endpoints (registration, authenticated long-poll fetch, status acknowledgements) and what the
 * API knows about each proxy's sync state.
 */
package io.meshgate.api.distribution;
