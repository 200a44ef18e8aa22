package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.appProtocol;
import static io.meshgate.resources.kinds.CommonSchemas.protocol;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Formats;

/**
 * ServiceImport ({@code multicluster.flomesh.io} or {@code flomesh.io}, v1alpha1): a Service of
 * other clusters, with the gateway endpoints that reach it per cluster. Usually written by the
 * control plane rather than by users.
 */
public final class ServiceImportValidator extends SchemaValidator {

    public ServiceImportValidator() {
        super(object().required("spec", object()
                .required("ports", array(object()
                        .optional("name", string(Formats.DNS1123_LABEL))
                        .optional("protocol", protocol())
                        .optional("appProtocol", appProtocol())
                        .required("port", port())
                        .optional("endpoints", array(object()
                                .required("target", object()
                                        .optional("host", string(MulticlusterSchemas.HOST_OR_IP))
                                        .required("ip", string(Formats.IP))
                                        .required("port", port())
                                        .optional("path", string(Formats.ABSOLUTE_PATH)))
                                .required("clusterKey", string(MulticlusterSchemas.CLUSTER_KEY)))))
                        .nonEmpty())
                .optional("ips", array(string(Formats.IP)).maxItems(1))
                .optional("type", oneOf("ClusterSetIP", "Headless"))
                .optional("sessionAffinity", oneOf("None", "ClientIP"))
                .optional("sessionAffinityConfig", object().optional("clientIP", object()
                        .optional("timeoutSeconds", integer(1, 86400))))
                .optional("serviceAccountName", string().maxLength(253).format(Formats.SINGLE_LINE))));
    }
}
