/**
 * The egress gateway's part of the reconciler: the {@link io.meshgate.reconcile.Translator} of proxies of
 * kind {@code egress} ({@link io.meshgate.reconcile.egress.EgressProxyTranslator}), which runs the pure
 * {@link io.meshgate.egress.translator.EgressGatewayTranslator} with the gateway's certificate (identity
 * {@code fsm-egress-gateway.fsm-system.cluster.local}) from the same issuer as the sidecars' certificates.
 */
package io.meshgate.reconcile.egress;
