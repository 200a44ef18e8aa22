/**
 * The egress gateway's translator: a pure function from the mesh's egress policies (Egress, EgressGateway),
 * the gateway Service, MeshConfig and the gateway's mesh certificate to the gateway's
 * {@link io.meshgate.config.ProxyConfig}: one {@link io.meshgate.config.TunnelListener} whose rules say which
 * ServiceAccount may tunnel to which host, address and port. {@link io.meshgate.egress.translator.EgressGatewayTranslator}
 * is the entry point; the README of {@code egress-gateway/} explains the choices.
 */
package io.meshgate.egress.translator;
