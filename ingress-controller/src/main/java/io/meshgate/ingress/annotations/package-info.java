/**
 * The eleven {@code pipy.ingress.kubernetes.io/*} annotations, one {@link
 * io.meshgate.ingress.annotations.AnnotationFeature} each, listed in {@link
 * io.meshgate.ingress.annotations.IngressAnnotationRegistry}. Values were already checked by
 * {@link io.meshgate.resources.IngressAnnotations#validate}; a feature only turns a valid value
 * into route settings (and reports Secrets it cannot find).
 */
package io.meshgate.ingress.annotations;
