package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.has;
import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.kinds.CommonSchemas.serviceName;
import static io.meshgate.resources.kinds.CommonSchemas.typedLocalObjectReference;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.IngressAnnotations;
import io.meshgate.resources.Resource;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import java.util.List;
import java.util.Optional;

/**
 * networking.k8s.io/v1 Ingress: rules, hosts, paths and path types, backends, TLS, and the
 * {@code pipy.ingress.kubernetes.io/*} annotations ({@link IngressAnnotations}). Paths follow
 * Kubernetes' own rules plus one more: visible ASCII only. Exact and Prefix paths may not contain
 * {@code //}, {@code /./}, {@code /../} or encoded slashes, which are the path tricks behind
 * ingress-nginx's path CVEs.
 */
public final class IngressValidator extends SchemaValidator {
    public static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    private static final List<String> BAD_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> BAD_SUFFIXES = List.of("/..", "/.");

    private static final ObjectSchema SERVICE_PORT = object()
            .optional("name", string(Formats.IANA_SVC_NAME))
            .optional("number", port())
            .rule((servicePort, path, problems) -> {
                if (has(servicePort, "name") == has(servicePort, "number")) {
                    problems.required(path, "exactly one of name or number");
                }
            });

    private static final ObjectSchema BACKEND = object()
            .optional("service", object().required("name", serviceName()).required("port", SERVICE_PORT))
            .optional("resource", typedLocalObjectReference())
            .rule((backend, path, problems) -> {
                if (has(backend, "service") == has(backend, "resource")) {
                    problems.required(path, "exactly one of service or resource");
                }
            });

    private static final ObjectSchema PATH = object()
            .optional("path", string())
            .required("pathType", oneOf("Exact", "Prefix", "ImplementationSpecific"))
            .required("backend", BACKEND)
            .rule(IngressValidator::checkPath);

    private static final ObjectSchema RULE = object()
            .optional("host", string(Formats.INGRESS_HOST))
            .optional("http", object().required("paths", array(PATH).nonEmpty()));

    private static final ObjectSchema TLS = object()
            .optional("hosts", array(string(Formats.SERVER_NAME)))
            .optional("secretName", objectName());

    private static final ObjectSchema SPEC = object()
            .optional("ingressClassName", objectName())
            .optional("defaultBackend", BACKEND)
            .optional("tls", array(TLS))
            .optional("rules", array(RULE))
            .rule((spec, path, problems) -> {
                if (!has(spec, "defaultBackend") && spec.path("rules").isEmpty()) {
                    problems.required(path.child("rules"), "either defaultBackend or rules must be specified");
                }
            });

    public IngressValidator() {
        super(object().required("spec", SPEC));
    }

    @Override
    void checkMetadataFields(Resource resource, Problems problems) {
        IngressAnnotations.validate(resource.metadata().annotations()).forEach(problems::add);
    }

    @Override
    void checkSemantics(Resource resource, Problems problems) {
        String classAnnotation = resource.metadata().annotations().get(CLASS_ANNOTATION);
        if (classAnnotation != null && has(resource.spec(), "ingressClassName")) {
            problems.forbidden(FieldPath.of("metadata").child("annotations").key(CLASS_ANNOTATION),
                    "can not be set when spec.ingressClassName is also set");
        }
        checkPassthroughAllowedHosts(resource, problems);
    }

    /**
     * {@code meshgate.io/tls-passthrough-allowed} adds the Ingress's rule hosts to the gateway's global
     * passthrough allow-list, which takes exact names only: a wildcard (or a rule without host) would
     * let the gateway relay TLS to names nobody reviewed.
     */
    private static void checkPassthroughAllowedHosts(Resource resource, Problems problems) {
        if (!IngressAnnotationTable.TLS_PASSTHROUGH_ALLOWED.valueIn(resource.metadata().annotations())) {
            return;
        }
        int index = 0;
        for (JsonNode rule : resource.spec().path("rules")) {
            String host = rule.path("host").asText("");
            if (host.isEmpty() || host.startsWith("*")) {
                problems.invalid(FieldPath.of("spec").child("rules").index(index).child("host"), host,
                        "must be an exact host name when " + IngressAnnotationTable.TLS_PASSTHROUGH_ALLOWED.name()
                                + " is true: the global passthrough allow-list takes no wildcards");
            }
            index++;
        }
    }

    private static void checkPath(ObjectNode httpPath, FieldPath path, Problems problems) {
        String pathType = httpPath.get("pathType").textValue();
        JsonNode value = httpPath.get("path");
        String text = value == null || value.isNull() ? "" : value.textValue();
        FieldPath at = path.child("path");
        if (text.isEmpty()) {
            if (!pathType.equals("ImplementationSpecific")) {
                problems.required(at, "an " + pathType + " path needs a path starting with '/'");
            }
            return;
        }
        Optional<String> problem = Formats.ABSOLUTE_PATH.problem(text);
        if (problem.isPresent()) {
            problems.invalid(at, text, problem.get());
            return;
        }
        if (pathType.equals("ImplementationSpecific")) {
            return;
        }
        for (String sequence : BAD_SEQUENCES) {
            if (text.contains(sequence)) {
                problems.invalid(at, text, "must not contain '" + sequence + "'");
                return;
            }
        }
        for (String suffix : BAD_SUFFIXES) {
            if (text.endsWith(suffix)) {
                problems.invalid(at, text, "must not end with '" + suffix + "'");
                return;
            }
        }
    }
}
