package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.has;
import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.kinds.CommonSchemas.secretReference;
import static io.meshgate.resources.kinds.CommonSchemas.typedLocalObjectReference;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * policy.flomesh.io Egress: which ServiceAccounts may reach which outside hosts, CIDRs and ports,
 * optionally with a client certificate ({@code mtls}) and narrowed by an SMI HTTPRouteGroup or an
 * UpstreamTrafficSetting ({@code matches}, apiGroup written as group/version as FSM expects, at most
 * one UpstreamTrafficSetting). A source's {@code mtls} needs {@code cert.secret} whatever its
 * {@code issuer}: the sidecar presents that Secret's certificate. What this cannot check at apply
 * time (the Secret exists and loads, the HTTPRouteGroup exists) the sidecar translator reports on the
 * policy's status.
 */
public final class EgressValidator extends SchemaValidator {
    static final String SMI_SPECS = "specs.smi-spec.io/v1alpha4";
    static final String POLICY = "policy.flomesh.io/v1alpha1";

    private static final Pattern EXPIRATION_SHAPE = Pattern.compile(
            "([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})");

    /** FSM's certificate expiry text, {@code 2030-1-1 00:00:00} (Go layout 2006-01-02 15:04:05, padding optional). */
    static final Format EXPIRATION = value -> {
        com.google.re2j.Matcher m = EXPIRATION_SHAPE.matcher(value);
        if (m.matches()) {
            try {
                LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
                return Optional.empty();
            } catch (DateTimeException e) {
                // fall through to the message
            }
        }
        return Optional.of("must be a date and time as \"YYYY-MM-DD hh:mm:ss\", e.g. \"2030-01-01 00:00:00\"");
    };

    private static final ObjectSchema CERT = object()
            .required("sn", integer(0, Long.MAX_VALUE))
            .required("subjectAltNames", array(string(Formats.WILDCARD_DNS1123_SUBDOMAIN)).nonEmpty())
            .required("expiration", string(EXPIRATION))
            .required("secret", secretReference());

    private static final ObjectSchema SOURCE = object()
            .required("kind", oneOf("ServiceAccount"))
            .required("name", objectName())
            .required("namespace", namespaceName())
            .optional("mtls", object()
                    .optional("issuer", string().oneOfIgnoringCase("fsm", "other"))
                    .optional("cert", CERT)
                    .rule((mtls, path, problems) -> {
                        // FSM's issuer "fsm" has the mesh issue the certificate into cert.secret; Meshgate
                        // issues no egress certificates, so the Secret is what the sidecar presents either way
                        if (!has(mtls, "cert")) {
                            problems.required(path.child("cert"), "mtls needs cert.secret: Meshgate issues no egress"
                                    + " certificates, so a certificate not issued by the mesh must be given (a Secret"
                                    + " with ca.crt, tls.crt and tls.key)");
                        }
                    }));

    private static final ObjectSchema SPEC = object()
            .required("sources", array(SOURCE).nonEmpty())
            .optional("hosts", array(string(Formats.WILDCARD_DNS1123_SUBDOMAIN)))
            .optional("ipAddresses", array(string(Formats.CIDR)))
            .required("ports", array(object()
                    .required("number", port())
                    .required("protocol", string().oneOfIgnoringCase("http", "https", "tcp", "tcp-server-first", "grpc")))
                    .nonEmpty())
            .optional("matches", array(typedLocalObjectReference()))
            .rule(EgressValidator::checkMatches);

    public EgressValidator() {
        super(object().required("spec", SPEC));
    }

    private static void checkMatches(ObjectNode spec, FieldPath path, Problems problems) {
        JsonNode matches = spec.path("matches");
        int upstreamSettings = 0;
        for (int i = 0; i < matches.size(); i++) {
            JsonNode match = matches.get(i);
            FieldPath at = path.child("matches").index(i);
            String apiGroup = match.path("apiGroup").asText("");
            String kind = match.path("kind").asText();
            if (apiGroup.equals(SMI_SPECS)) {
                if (!kind.equals("HTTPRouteGroup")) {
                    problems.unsupported(at.child("kind"), kind, List.of("HTTPRouteGroup"));
                }
            } else if (apiGroup.equals(POLICY)) {
                if (!kind.equals("UpstreamTrafficSetting")) {
                    problems.unsupported(at.child("kind"), kind, List.of("UpstreamTrafficSetting"));
                } else if (++upstreamSettings > 1) {
                    problems.forbidden(at, "at most one UpstreamTrafficSetting match is allowed");
                }
            } else {
                problems.unsupported(at.child("apiGroup"), apiGroup, List.of(SMI_SPECS, POLICY));
            }
        }
    }
}
