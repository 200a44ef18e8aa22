/**
 * {@code meshgate sidecar-init}: FSM's fsm-init interception rules ({@link io.meshgate.sidecar.init.InterceptionRules})
 * applied to the {@code nat} table with {@code iptables-restore --noflush} in one transaction, idempotent,
 * removable ({@link io.meshgate.sidecar.init.SidecarInit}). JDK and the proxy's logging only.
 */
package io.meshgate.sidecar.init;
