/**
 * The one table of Ingress annotations Meshgate reads: {@link
 * io.meshgate.resources.annotations.IngressAnnotationTable}, one {@link
 * io.meshgate.resources.annotations.IngressAnnotation} per annotation.
 *
 * <p>What it knows, per annotation: the key; the grammar (a {@link
 * io.meshgate.resources.annotations.Grammar} that turns the text into a typed value or into an error
 * message naming what is accepted); the default; what the annotation does, in one line; where and
 * under which label the console edits it; and the docs' note. {@link
 * io.meshgate.resources.annotations.RewritePair} holds the one rule that spans two annotations.
 *
 * <p>What it does not know: whether a named Secret exists or holds the right keys (that can change
 * after an Ingress is stored; the ingress controller checks it when serving), how the gateway carries
 * out an effect (the ingress controller's feature classes), and annotations of other kinds. Values
 * are checked strictly and never rendered into any configuration language.
 *
 * <p>Apply-time validation ({@link io.meshgate.resources.IngressAnnotations}), the ingress controller,
 * the console and the README's annotation table all read from here, so a new annotation or a changed
 * grammar is changed once.
 */
package io.meshgate.resources.annotations;
