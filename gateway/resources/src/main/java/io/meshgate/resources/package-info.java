/**
 * The resource model of every kind Meshgate serves, shaped like Kubernetes objects so FSM's
 * manifests work as written.
 *
 * <ul>
 *   <li>{@link io.meshgate.resources.Resource}, {@link io.meshgate.resources.ObjectMeta},
 *       {@link io.meshgate.resources.ResourceKey}: immutable objects.</li>
 *   <li>{@link io.meshgate.resources.ResourceCodec}: hardened YAML/JSON reading and writing, with
 *       document indexes and line numbers in errors.</li>
 *   <li>{@link io.meshgate.resources.KindRegistry}: the one table of kinds (groups, versions,
 *       plurals, scope, validators).</li>
 *   <li>{@link io.meshgate.resources.ResourceValidator}: Kubernetes-style
 *       {@link io.meshgate.resources.FieldError}s, shared by the API, the CLI and the console;
 *       {@link io.meshgate.resources.IngressAnnotations} validates Ingress annotations against the one
 *       annotation table, {@link io.meshgate.resources.annotations.IngressAnnotationTable}.</li>
 *   <li>{@link io.meshgate.resources.MergePatch}, {@link io.meshgate.resources.JsonPatch},
 *       {@link io.meshgate.resources.JsonPatchDiff}: RFC 7386 and RFC 6902 for updates and audit rows.</li>
 *   <li>{@link io.meshgate.resources.MeshConfigDefaults} and
 *       {@link io.meshgate.resources.SecretRedactor}.</li>
 * </ul>
 * No Kubernetes client, Helidon or database code lives here.
 */
package io.meshgate.resources;
