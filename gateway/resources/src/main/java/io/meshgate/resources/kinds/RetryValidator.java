package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.duration;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.string;

import com.google.re2j.Pattern;
import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import java.util.List;
import java.util.Optional;

/**
 * policy.flomesh.io Retry: which ServiceAccount retries calls to which Services, on what.
 * {@code retryOn} is a comma-separated list of status codes ({@code 503}), classes ({@code 5xx})
 * or the Envoy condition names FSM's documentation uses ({@code gateway-error},
 * {@code connect-failure}, {@code retriable-4xx}, {@code reset}, {@code refused-stream}).
 */
public final class RetryValidator extends SchemaValidator {
    static final List<String> CONDITIONS = List.of("gateway-error", "connect-failure", "retriable-4xx", "reset",
            "refused-stream");
    private static final Pattern CODE_OR_CLASS = Pattern.compile("[1-5]([0-9][0-9]|xx)");

    static final Format RETRY_ON = value -> {
        for (String part : value.split(",", -1)) {
            String token = part.trim();
            if (!CODE_OR_CLASS.matches(token) && !CONDITIONS.contains(token)) {
                return Optional.of("must be a comma-separated list of status codes (503), classes (5xx) or "
                        + String.join(", ", CONDITIONS));
            }
        }
        return Optional.empty();
    };

    public RetryValidator() {
        super(object().required("spec", object()
                .required("source", object()
                        .required("kind", oneOf("ServiceAccount"))
                        .required("name", string(Formats.DNS1123_SUBDOMAIN))
                        .required("namespace", namespaceName()))
                .required("destinations", array(object()
                        .required("kind", oneOf("Service"))
                        .required("name", string(Formats.DNS1035_LABEL))
                        .required("namespace", namespaceName()))
                        .nonEmpty())
                .required("retryPolicy", object()
                        .required("retryOn", string().nonEmpty().maxLength(256).format(RETRY_ON))
                        .optional("perTryTimeout", duration())
                        .optional("numRetries", integer(0, 4_294_967_295L))
                        .optional("retryBackoffBaseInterval", duration()))));
    }
}
