/**
 * The sidecar translator: a pure function from the mesh's resources (Services, Endpoints, Pods,
 * ServiceAccounts, MeshConfig, SMI TrafficTargets with their HTTPRouteGroups and TCPRoutes,
 * IngressBackends and AccessControls, Egress policies with the Secrets they name, EgressGateways),
 * one workload and its issued certificate to that workload's sidecar
 * {@link io.meshgate.config.ProxyConfig} plus conditions for the policies it read. Entry point:
 * {@link io.meshgate.sidecar.translator.SidecarTranslator#translate}.
 *
 * <p>Each part of the config is one {@link io.meshgate.sidecar.translator.SidecarFeature} in
 * {@link io.meshgate.sidecar.translator.SidecarFeatures}, and the outbound listener's rules come from its
 * {@code OUTBOUND} table (mesh Services, then {@link io.meshgate.sidecar.translator.egress.EgressPolicyRules});
 * who may use an inbound port is decided by the access features of
 * {@link io.meshgate.sidecar.translator.access.InboundAccess}.
 */
package io.meshgate.sidecar.translator;
