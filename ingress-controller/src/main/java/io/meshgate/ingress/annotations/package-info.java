/**
 * What each route-setting Ingress annotation does: one {@link
 * io.meshgate.ingress.annotations.AnnotationFeature} per {@code pipy.ingress.kubernetes.io/*}
 * annotation and per Meshgate route option, listed in {@link
 * io.meshgate.ingress.annotations.IngressAnnotationRegistry}. Names, grammars and defaults are the
 * rows of {@link io.meshgate.resources.annotations.IngressAnnotationTable}; values were already checked
 * by {@link io.meshgate.resources.IngressAnnotations#validate}. A feature only turns a typed value
 * into route settings (and reports Secrets it cannot find).
 */
package io.meshgate.ingress.annotations;
