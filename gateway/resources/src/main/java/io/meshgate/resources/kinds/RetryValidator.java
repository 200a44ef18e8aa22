package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.schema.Schemas.array;
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
 * {@code numRetries} is capped at {@value #MAX_RETRIES} (the proxy's {@code RetryPolicy.MAX_RETRIES}:
 * FSM accepts any uint32, which is a retry storm); {@code perTryTimeout} and
 * {@code retryBackoffBaseInterval} must be more than 0.
 */
public final class RetryValidator extends SchemaValidator {
    static final List<String> CONDITIONS = List.of("gateway-error", "connect-failure", "retriable-4xx", "reset",
            "refused-stream");
    /** The most retries a policy may ask for; equal to the proxy's {@code io.meshgate.config.RetryPolicy.MAX_RETRIES}. */
    public static final int MAX_RETRIES = 10;
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

    /** A Go duration above zero: a zero per-try timeout or back-off base means nothing. */
    static final Format POSITIVE_DURATION = value -> {
        Optional<String> bad = Formats.DURATION.problem(value);
        if (bad.isPresent()) {
            return bad;
        }
        return Formats.parseDuration(value).isZero() ? Optional.of("must be more than 0, e.g. \"1s\"") : Optional.empty();
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
                        .optional("perTryTimeout", string().format(POSITIVE_DURATION))
                        .optional("numRetries", integer(0, MAX_RETRIES))
                        .optional("retryBackoffBaseInterval", string().format(POSITIVE_DURATION)))));
    }
}
