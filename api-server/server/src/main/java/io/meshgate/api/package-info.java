/**
 * The Meshgate admin API: a Helidon SE web server in front of the resource store (db module).
 * Every write is validated with the resource model, stored with its audit row in one transaction,
 * and announced on the watch stream. {@link io.meshgate.api.ApiServer} is the entry point for
 * embedding, {@link io.meshgate.api.Standalone} the process that {@code bin/meshgate up} runs.
 */
package io.meshgate.api;
