/**
 * The Ingress translator: a pure function from Kubernetes Ingress resources (and the Services,
 * Endpoints, Secrets, IngressClasses and MeshConfig they refer to) to the ingress gateway's
 * {@link io.meshgate.config.ProxyConfig} plus a status per Ingress. Entry point:
 * {@link io.meshgate.ingress.IngressTranslator#translate}.
 */
package io.meshgate.ingress;
