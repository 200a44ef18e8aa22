package io.meshgate.resources;

import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' metadata rules, applied to every kind: name per the kind's {@link NameRule},
 * namespace present exactly for namespaced kinds, label keys and values, annotation keys and the
 * 256 KiB annotation budget.
 *
 * <p>Annotation values: NUL is rejected everywhere. CR and LF are rejected in every annotation
 * Meshgate interprets ({@code pipy.ingress.kubernetes.io/*}, {@code kubernetes.io/ingress.class},
 * {@code flomesh.io} and {@code meshgate.io} keys): a line break there is the first step of the
 * config-injection attacks of the ingress-nginx CVE trail. Annotations that belong to other tools
 * may hold multi-line text, which Kubernetes allows and which FSM's
 * "Ingress with Kubernetes Nginx Ingress Controller" demo uses
 * ({@code nginx.ingress.kubernetes.io/configuration-snippet}, and kubectl's own
 * {@code last-applied-configuration}); Meshgate stores them verbatim and never reads them.
 */
public final class MetadataValidator {
    /** Kubernetes' limit on the total size of all annotation keys and values of one object. */
    public static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

    private MetadataValidator() {}

    /** Adds every metadata problem of an object of the given kind. */
    public static void check(ObjectMeta meta, KindInfo info, Problems problems) {
        FieldPath metadata = FieldPath.of("metadata");
        if (meta.name() == null || meta.name().isEmpty()) {
            problems.required(metadata.child("name"), "every object needs a name");
        } else {
            info.nameRule().format().problem(meta.name())
                    .ifPresent(problem -> problems.invalid(metadata.child("name"), meta.name(), problem));
        }
        checkNamespace(meta, info, metadata.child("namespace"), problems);
        checkLabels(meta.labels(), metadata.child("labels"), problems);
        checkAnnotations(meta.annotations(), metadata.child("annotations"), problems);
        if (meta.generation() != null && meta.generation() < 0) {
            problems.invalid(metadata.child("generation"), String.valueOf(meta.generation()),
                    "must be greater than or equal to 0");
        }
    }

    /** True for annotation keys whose values Meshgate reads (and so must be single-line). */
    public static boolean isInterpreted(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        return key.equals("kubernetes.io/ingress.class")
                || key.startsWith(IngressAnnotations.PREFIX)
                || prefix.equals("flomesh.io") || prefix.endsWith(".flomesh.io")
                || prefix.equals("meshgate.io") || prefix.endsWith(".meshgate.io");
    }

    private static void checkNamespace(ObjectMeta meta, KindInfo info, FieldPath path, Problems problems) {
        String namespace = meta.namespace();
        if (info.namespaced()) {
            if (namespace == null || namespace.isEmpty()) {
                problems.required(path, info.kind() + " is namespaced: set metadata.namespace or apply it to a namespace");
                return;
            }
            Formats.DNS1123_LABEL.problem(namespace).ifPresent(problem -> problems.invalid(path, namespace, problem));
        } else if (namespace != null && !namespace.isEmpty()) {
            problems.forbidden(path, info.kind() + " is cluster-scoped: remove metadata.namespace");
        }
    }

    private static void checkLabels(Map<String, String> labels, FieldPath path, Problems problems) {
        labels.forEach((key, value) -> {
            Optional<String> keyProblem = Formats.QUALIFIED_NAME.problem(key);
            if (keyProblem.isPresent()) {
                problems.invalid(path.key(key), key, keyProblem.get());
                return;
            }
            Formats.LABEL_VALUE.problem(value).ifPresent(problem -> problems.invalid(path.key(key), value, problem));
        });
    }

    private static void checkAnnotations(Map<String, String> annotations, FieldPath path, Problems problems) {
        long bytes = 0;
        for (Map.Entry<String, String> entry : annotations.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            bytes += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            Optional<String> keyProblem = Formats.QUALIFIED_NAME.problem(key.toLowerCase(java.util.Locale.ROOT));
            if (keyProblem.isPresent()) {
                problems.invalid(path.key(key), key, keyProblem.get());
                continue;
            }
            if (value.indexOf('\0') >= 0) {
                problems.invalid(path.key(key), value, "must not contain NUL characters");
            } else if (isInterpreted(key) && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
                problems.invalid(path.key(key), value, "must be a single line: CR and LF are not allowed");
            }
        }
        if (bytes > MAX_ANNOTATIONS_BYTES) {
            problems.tooLong(path, MAX_ANNOTATIONS_BYTES, "bytes in total");
        }
    }
}
