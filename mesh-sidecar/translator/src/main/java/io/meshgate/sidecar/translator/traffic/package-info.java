/**
 * policy.flomesh.io UpstreamTrafficSetting on the sidecar, its {@code connectionSettings} part: the circuit
 * breaker and connection limits on the clients' outbound clusters of the setting's host Service, and the
 * settings' conditions.
 */
package io.meshgate.sidecar.translator.traffic;
