package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.schema.Formats;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/workloads}: {@code {"namespace","name","serviceAccount","podIP",
 * "labels":{...}}}, and {@code "adminPort"} when the sidecar's admin listener is not on
 * {@value SidecarAdminRelay#DEFAULT_ADMIN_PORT}. Names are checked here, before anything quotes them (refusals are audited with
 * their detail); the Pod built from it is then checked like any Pod, its errors named by the
 * request's fields ({@link #requestField}).
 *
 * @param serviceAccount the requested one, or the default the caller brings when the body names none
 * @param adminPort      where the control plane reaches the sidecar's admin listener on {@code podIp}
 */
record WorkloadRequest(String namespace, String name, String serviceAccount, String podIp, Map<String, String> labels,
                       int adminPort) {
    /** The proxy of a workload is {@code sidecar.<namespace>.<pod>}; namespaces have no dots. */
    static final String PROXY_PREFIX = "sidecar.";
    /** Longest proxy name the proxy store takes. */
    private static final int MAX_PROXY_NAME = 253;

    /** @throws ApiException 422 naming every offending field */
    static WorkloadRequest parse(JsonNode body, String defaultServiceAccount) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        List<ApiException.Detail> errors = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!List.of("namespace", "name", "serviceAccount", "podIP", "labels", "adminPort").contains(field)) {
                errors.add(ApiException.Detail.of(field, "Unknown field: supported fields: \"namespace\", \"name\","
                        + " \"serviceAccount\", \"podIP\", \"labels\", \"adminPort\""));
            }
        }
        String namespace = text(body, "namespace", true, errors);
        String name = text(body, "name", true, errors);
        String serviceAccount = text(body, "serviceAccount", false, errors);
        String podIp = text(body, "podIP", true, errors);
        if (namespace != null) {
            Formats.DNS1123_LABEL.problem(namespace).ifPresent(p -> errors.add(invalid("namespace", namespace, p)));
        }
        if (name != null) {
            Formats.DNS1123_SUBDOMAIN.problem(name).ifPresent(p -> errors.add(invalid("name", name, p)));
        }
        if (serviceAccount != null) {
            Formats.DNS1123_SUBDOMAIN.problem(serviceAccount)
                    .ifPresent(p -> errors.add(invalid("serviceAccount", serviceAccount, p)));
        }
        if (podIp != null) {
            Formats.IP.problem(podIp).ifPresent(p -> errors.add(invalid("podIP", podIp, p)));
        }
        if (namespace != null && name != null && errors.isEmpty()
                && proxyName(namespace, name).length() > MAX_PROXY_NAME) {
            errors.add(ApiException.Detail.of("name", "Too long: the proxy name " + PROXY_PREFIX
                    + "<namespace>.<name> may have at most " + MAX_PROXY_NAME + " characters"));
        }
        Map<String, String> labels = labels(body.get("labels"), errors);
        int adminPort = adminPort(body.get("adminPort"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the workload is invalid", errors);
        }
        return new WorkloadRequest(namespace, name, serviceAccount == null ? defaultServiceAccount : serviceAccount,
                podIp, labels, adminPort);
    }

    /** The name of the workload's proxy. */
    String proxy() {
        return proxyName(namespace, name);
    }

    static String proxyName(String namespace, String pod) {
        return PROXY_PREFIX + namespace + "." + pod;
    }

    /** {@code labels} as a JSON object. */
    ObjectNode labelsJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        labels.forEach(out::put);
        return out;
    }

    /** The field of this request a Pod field comes from ({@code status.podIP} is {@code podIP}), else the Pod field. */
    static String requestField(String podField) {
        if (podField.startsWith("metadata.labels")) {
            return "labels" + podField.substring("metadata.labels".length());
        }
        if (podField.startsWith("status.podIP")) {
            return "podIP";
        }
        return switch (podField) {
            case "metadata.name" -> "name";
            case "metadata.namespace" -> "namespace";
            case "spec.serviceAccountName" -> "serviceAccount";
            default -> podField;
        };
    }

    private static String text(JsonNode body, String field, boolean required, List<ApiException.Detail> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(ApiException.Detail.of(field, "Required value"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            errors.add(ApiException.Detail.of(field, "Invalid value: must be a non-empty string"));
            return null;
        }
        return value.asText();
    }

    private static Map<String, String> labels(JsonNode value, List<ApiException.Detail> errors) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return labels;
        }
        if (!value.isObject()) {
            errors.add(ApiException.Detail.of("labels", "Invalid value: must be an object of label keys to values"));
            return labels;
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                errors.add(ApiException.Detail.of("labels[" + e.getKey() + "]", "Invalid value: must be a string"));
            } else {
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        return labels;
    }

    private static int adminPort(JsonNode value, List<ApiException.Detail> errors) {
        if (value == null || value.isNull()) {
            return SidecarAdminRelay.DEFAULT_ADMIN_PORT;
        }
        if (!value.isInt() || value.intValue() < 1 || value.intValue() > 65535) {
            errors.add(ApiException.Detail.of("adminPort", "Invalid value: " + value + ": must be a port 1..65535"));
            return SidecarAdminRelay.DEFAULT_ADMIN_PORT;
        }
        return value.intValue();
    }

    private static ApiException.Detail invalid(String field, String value, String problem) {
        return ApiException.Detail.of(field, "Invalid value: \"" + value + "\": " + problem);
    }
}
