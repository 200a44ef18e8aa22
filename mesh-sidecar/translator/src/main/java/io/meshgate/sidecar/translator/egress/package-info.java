/**
 * What leaves the mesh: the outbound rules of the Egress policies that name a workload
 * ({@link io.meshgate.sidecar.translator.egress.EgressPolicyRules}), the client certificates of their
 * {@code mtls} sources ({@link io.meshgate.sidecar.translator.egress.ClientCertificate}), the egress
 * gateway every egress cluster tunnels through when an EgressGateway exists
 * ({@link io.meshgate.sidecar.translator.egress.EgressGatewayRoute}), and the conditions of both kinds.
 */
package io.meshgate.sidecar.translator.egress;
