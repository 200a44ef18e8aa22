/**
 * What the console shows of the mesh: sidecar workloads (Pods joined with their sidecar proxies and
 * the Services selecting them), their sync state and certificate, and which traffic policy admits
 * them. Plain functions of what the API answered: no Vaadin, no HTTP.
 */
package io.meshgate.console.mesh;
