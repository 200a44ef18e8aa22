package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.map;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import io.meshgate.resources.schema.StringSchema;

/** Schemas shared by several kinds: names, references, label selectors, policy sources and backends. */
final class CommonSchemas {
    private CommonSchemas() {}

    /** A Service name (RFC 1035 label). */
    static StringSchema serviceName() {
        return string(Formats.DNS1035_LABEL);
    }

    /** A namespace name (RFC 1123 label). */
    static StringSchema namespaceName() {
        return string(Formats.DNS1123_LABEL);
    }

    /** A name of most kinds of objects (RFC 1123 subdomain). */
    static StringSchema objectName() {
        return string(Formats.DNS1123_SUBDOMAIN);
    }

    /** A Kubernetes kind name such as {@code Service}. */
    static StringSchema kindName() {
        return string().nonEmpty().maxLength(63).format(Formats.QUALIFIED_NAME);
    }

    /** {@code {name, namespace}} as in corev1.SecretReference, both required here. */
    static ObjectSchema secretReference() {
        return object().required("name", objectName()).required("namespace", namespaceName());
    }

    /** corev1.ObjectReference. */
    static ObjectSchema objectReference() {
        return object()
                .optional("kind", kindName())
                .optional("namespace", namespaceName())
                .optional("name", objectName())
                .optional("uid", string().maxLength(128).format(Formats.SINGLE_LINE))
                .optional("apiVersion", string().maxLength(253).format(Formats.SINGLE_LINE))
                .optional("resourceVersion", string().maxLength(128).format(Formats.SINGLE_LINE))
                .optional("fieldPath", string().maxLength(1024).format(Formats.SINGLE_LINE));
    }

    /** corev1.TypedLocalObjectReference: apiGroup, kind, name. */
    static ObjectSchema typedLocalObjectReference() {
        return object()
                .optional("apiGroup", string().maxLength(253).format(Formats.SINGLE_LINE))
                .required("kind", kindName())
                .required("name", objectName());
    }

    /** metav1.LabelSelector with Kubernetes' operator rules. */
    static ObjectSchema labelSelector() {
        ObjectSchema requirement = object()
                .required("key", string(Formats.QUALIFIED_NAME))
                .required("operator", oneOf("In", "NotIn", "Exists", "DoesNotExist"))
                .optional("values", array(string().format(Formats.LABEL_VALUE)))
                .rule((req, path, problems) -> {
                    String operator = req.get("operator").textValue();
                    JsonNode values = req.get("values");
                    boolean hasValues = values != null && !values.isNull() && !values.isEmpty();
                    if ((operator.equals("In") || operator.equals("NotIn")) && !hasValues) {
                        problems.required(path.child("values"), "must be specified when operator is In or NotIn");
                    } else if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && hasValues) {
                        problems.forbidden(path.child("values"), "may not be specified when operator is Exists or"
                                + " DoesNotExist");
                    }
                });
        return object()
                .optional("matchLabels", map(Formats.QUALIFIED_NAME, string().format(Formats.LABEL_VALUE)))
                .optional("matchExpressions", array(requirement));
    }

    /**
     * A source of an IngressBackend or AccessControl: a Service (by endpoints), a client
     * certificate identity, or an IP range.
     */
    static ObjectSchema policySource() {
        return object()
                .required("kind", oneOf("Service", "AuthenticatedPrincipal", "IPRange"))
                .required("name", string().nonEmpty().maxLength(253))
                .optional("namespace", namespaceName())
                .rule((source, path, problems) -> {
                    String name = source.get("name").textValue();
                    switch (source.get("kind").textValue()) {
                        case "Service" -> {
                            Formats.DNS1035_LABEL.problem(name)
                                    .ifPresent(p -> problems.invalid(path.child("name"), name, p));
                            if (!has(source, "namespace")) {
                                problems.required(path.child("namespace"), "a Service source needs its namespace");
                            }
                        }
                        case "IPRange" -> Formats.CIDR.problem(name)
                                .ifPresent(p -> problems.invalid(path.child("name"), name, p));
                        default -> Formats.WILDCARD_DNS1123_SUBDOMAIN.problem(name).ifPresent(p -> problems.invalid(
                                path.child("name"), name, "must be a certificate identity such as"
                                        + " sa.namespace.cluster.local: " + p));
                    }
                });
    }

    /** A backend of an IngressBackend or AccessControl: a Service port and how it is reached. */
    static ObjectSchema policyBackend() {
        return object()
                .required("name", serviceName())
                .required("port", object()
                        .required("number", port())
                        .required("protocol", string().oneOfIgnoringCase("http", "https", "grpc")))
                .optional("tls", object()
                        .required("skipClientCertValidation", bool())
                        .optional("sniHosts", array(string(Formats.WILDCARD_DNS1123_SUBDOMAIN))));
    }

    /** {@code name:port} identity of a policy backend, for duplicate detection. */
    static String backendKey(JsonNode backend) {
        JsonNode port = backend.path("port").path("number");
        return backend.path("name").asText() + ":" + port.asText();
    }

    static boolean has(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    /** A TCP/UDP/SCTP protocol name. */
    static StringSchema protocol() {
        return oneOf("TCP", "UDP", "SCTP");
    }

    /** A Service port's application protocol (http, grpc, tcp, tcp-server-first, or a prefixed name). */
    static StringSchema appProtocol() {
        return string(Formats.QUALIFIED_NAME);
    }

    /**
     * For IngressBackend and AccessControl: a backend that checks client certificates (https, or
     * any tls block without skipClientCertValidation) admits nobody unless some source is an
     * AuthenticatedPrincipal. FSM means to enforce this but tests the flag the wrong way round.
     */
    static void requirePrincipalForCertificateChecks(ObjectNode spec, FieldPath path, Problems problems) {
        JsonNode sources = spec.path("sources");
        boolean principal = false;
        for (JsonNode source : sources) {
            principal |= "AuthenticatedPrincipal".equals(source.path("kind").asText());
        }
        if (principal) {
            return;
        }
        JsonNode backends = spec.path("backends");
        for (int i = 0; i < backends.size(); i++) {
            JsonNode backend = backends.get(i);
            boolean https = "https".equalsIgnoreCase(backend.path("port").path("protocol").asText());
            JsonNode tls = backend.get("tls");
            boolean skip = tls != null && tls.path("skipClientCertValidation").asBoolean(false);
            if ((https || (tls != null && !tls.isNull())) && !skip) {
                problems.required(path.child("sources"), "backends[" + i + "] verifies client certificates,"
                        + " so an AuthenticatedPrincipal source is needed (or set tls.skipClientCertValidation)");
                return;
            }
        }
    }
}
