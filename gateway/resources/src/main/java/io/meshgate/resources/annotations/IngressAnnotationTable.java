package io.meshgate.resources.annotations;

import static io.meshgate.resources.annotations.IngressAnnotation.builder;

import com.google.re2j.Pattern;
import io.meshgate.resources.annotations.IngressAnnotation.EditedOn;
import io.meshgate.resources.annotations.IngressAnnotation.Scope;
import io.meshgate.resources.schema.Formats;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every Ingress annotation Meshgate reads, one row each, in a fixed order: FSM's eleven
 * {@code pipy.ingress.kubernetes.io/*} annotations as FSM's docs list them, then Meshgate's own
 * {@code meshgate.io/*} ones. Apply-time validation, the ingress controller, the console's forms and
 * the annotation table in ingress-controller/README.md all read this one table (a test renders the
 * README's table from it).
 */
public final class IngressAnnotationTable {
    /** Prefix of FSM's annotations. */
    public static final String PIPY_PREFIX = "pipy.ingress.kubernetes.io/";
    /** Prefix of Meshgate's own annotations (shared with annotations of other kinds and labels). */
    public static final String MESHGATE_PREFIX = "meshgate.io/";
    /** Largest accepted {@code tls-verify-depth}: far beyond any real chain, small enough to be a typo guard. */
    public static final int MAX_VERIFY_DEPTH = 100;

    private static final FlagGrammar FLAG = new FlagGrammar();

    public static final IngressAnnotation<Pattern> REWRITE_TARGET_FROM =
            builder(PIPY_PREFIX + "rewrite-target-from", new RegexGrammar())
                    .label("Rewrite path from (RE2 regex)")
                    .effect("with rewrite-target-to, replaces the first match in the request path after routing")
                    .doc("needs rewrite-target-to; RE2 syntax, matched in linear time (FSM: JavaScript regexes)")
                    .build();

    public static final IngressAnnotation<RewriteTemplate> REWRITE_TARGET_TO =
            builder(PIPY_PREFIX + "rewrite-target-to", new RewriteTemplateGrammar())
                    .label("Rewrite path to")
                    .effect("the replacement for rewrite-target-from's match")
                    .doc("needs rewrite-target-from; $$ and $1..$9 as in FSM (JavaScript String.replace), any other $"
                            + " is refused; the result is normalised again")
                    .build();

    public static final IngressAnnotation<Boolean> SESSION_STICKY =
            builder(PIPY_PREFIX + "session-sticky", FLAG)
                    .defaultValue(false)
                    .label("Sticky sessions (per client IP)")
                    .effect("pins each client address to one endpoint of each backend")
                    .doc("FSM reads an unknown word as false; Meshgate refuses it")
                    .build();

    public static final IngressAnnotation<LoadBalancing> LB_TYPE =
            builder(PIPY_PREFIX + "lb-type",
                    new ChoiceGrammar<>(Arrays.asList(LoadBalancing.values()), LoadBalancing::word, false))
                    .defaultValue(LoadBalancing.ROUND_ROBIN)
                    .label("Load balancing (lb-type)")
                    .effect("how a backend's endpoints share requests: in turn, by client address, or fewest in flight")
                    .doc("FSM falls back to round-robin on an unknown word; Meshgate refuses it")
                    .build();

    public static final IngressAnnotation<String> UPSTREAM_SSL_NAME =
            builder(PIPY_PREFIX + "upstream-ssl-name", new FormatGrammar(Formats.DNS1123_SUBDOMAIN,
                    "the server name (SNI) sent to HTTPS backends, a DNS name"))
                    .label("Upstream TLS server name (SNI)")
                    .effect("speaks TLS to the backends and sends this server name")
                    .doc("with upstream-ssl-verify, the backend's certificate must name it")
                    .build();

    public static final IngressAnnotation<SecretReference> UPSTREAM_SSL_SECRET =
            builder(PIPY_PREFIX + "upstream-ssl-secret",
                    new SecretReferenceGrammar("ca.crt (and tls.crt, tls.key for mutual TLS) for HTTPS backends"))
                    .label("Upstream TLS Secret (CA, client cert)")
                    .effect("speaks TLS to the backends, trusting ca.crt and presenting tls.crt/tls.key when present")
                    .doc("a missing Secret, or one without ca.crt, keeps the Ingress from being served")
                    .build();

    public static final IngressAnnotation<Boolean> UPSTREAM_SSL_VERIFY =
            builder(PIPY_PREFIX + "upstream-ssl-verify", FLAG)
                    .defaultValue(false)
                    .label("Verify the upstream's certificate")
                    .effect("verifies the backends' certificates against upstream-ssl-secret's ca.crt")
                    .doc("the certificate must name upstream-ssl-name, else the rule's host (FSM checks the chain only)")
                    .build();

    public static final IngressAnnotation<Boolean> TLS_VERIFY_CLIENT =
            builder(PIPY_PREFIX + "tls-verify-client", FLAG)
                    .defaultValue(false)
                    .label("Require client certificates")
                    .effect("requires a client certificate from tls-trusted-ca-secret's CAs on the Ingress's TLS hosts")
                    .doc("enforced per host; FSM stores it but does not use it")
                    .build();

    public static final IngressAnnotation<Integer> TLS_VERIFY_DEPTH =
            builder(PIPY_PREFIX + "tls-verify-depth", new IntRangeGrammar(0, MAX_VERIFY_DEPTH))
                    .defaultValue(1)
                    .label("Client certificate verify depth")
                    .effect("the longest client certificate chain accepted (intermediate certificates)")
                    .doc("enforced per host; FSM does not use it")
                    .build();

    public static final IngressAnnotation<SecretReference> TLS_TRUSTED_CA_SECRET =
            builder(PIPY_PREFIX + "tls-trusted-ca-secret",
                    new SecretReferenceGrammar("ca.crt with the client CAs to trust"))
                    .label("Client certificate CA Secret")
                    .effect("the CAs client certificates must chain to on the Ingress's TLS hosts")
                    .doc("per host (FSM: one global list); checked when tls-verify-client or MeshConfig"
                            + " ingress.tls.mTLS is on")
                    .build();

    public static final IngressAnnotation<BackendProtocol> UPSTREAM_PROTOCOL =
            builder(PIPY_PREFIX + "upstream-protocol",
                    new ChoiceGrammar<>(Arrays.asList(BackendProtocol.values()), BackendProtocol::word, true))
                    .defaultValue(BackendProtocol.HTTP)
                    .label("Upstream protocol")
                    .effect("GRPC speaks HTTP/2 to the backends, HTTP speaks HTTP/1.1")
                    .doc("FSM reads any other word as HTTP; Meshgate refuses it")
                    .build();

    public static final IngressAnnotation<Boolean> SSL_REDIRECT =
            builder(MESHGATE_PREFIX + "ssl-redirect", FLAG)
                    .defaultValue(true)
                    .editedOn(EditedOn.YAML)
                    .label("Redirect plain HTTP to HTTPS")
                    .effect("plain HTTP to a host served with a certificate is answered 308 to HTTPS; false serves it")
                    .doc("Meshgate's own (ingress-nginx's ssl-redirect); FSM answers such requests 403")
                    .build();

    public static final IngressAnnotation<Boolean> TLS_PASSTHROUGH =
            builder(MESHGATE_PREFIX + "tls-passthrough", FLAG)
                    .defaultValue(false)
                    .scope(Scope.TLS_PASSTHROUGH)
                    .editedOn(EditedOn.TLS_PASSTHROUGH_SCREEN)
                    .label("Passed through")
                    .effect("TLS for the Ingress's hosts is relayed undecrypted to its first backend; no HTTP routes")
                    .doc("Meshgate's own; needs rules with hosts and a resolvable backend")
                    .build();

    public static final IngressAnnotation<Boolean> TLS_PASSTHROUGH_ALLOWED =
            builder(MESHGATE_PREFIX + "tls-passthrough-allowed", FLAG)
                    .defaultValue(false)
                    .scope(Scope.TLS_PASSTHROUGH)
                    .editedOn(EditedOn.TLS_PASSTHROUGH_SCREEN)
                    .label("Global allow-list")
                    .effect("the Ingress's hosts may use MeshConfig's global SSL passthrough")
                    .doc("Meshgate's own: FSM's global passthrough relays any server name, Meshgate only allowed ones")
                    .build();

    /** Every row, in the table's order. */
    public static final List<IngressAnnotation<?>> ALL = List.of(
            REWRITE_TARGET_FROM, REWRITE_TARGET_TO, SESSION_STICKY, LB_TYPE, UPSTREAM_SSL_NAME,
            UPSTREAM_SSL_SECRET, UPSTREAM_SSL_VERIFY, TLS_VERIFY_CLIENT, TLS_VERIFY_DEPTH,
            TLS_TRUSTED_CA_SECRET, UPSTREAM_PROTOCOL, SSL_REDIRECT, TLS_PASSTHROUGH, TLS_PASSTHROUGH_ALLOWED);

    private IngressAnnotationTable() {}

    /** The row of a full annotation key. */
    public static Optional<IngressAnnotation<?>> find(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The rows whose key starts with {@code prefix} ({@link #PIPY_PREFIX} or {@link #MESHGATE_PREFIX}), in order. */
    public static List<IngressAnnotation<?>> withPrefix(String prefix) {
        return ALL.stream().filter(a -> a.name().startsWith(prefix)).toList();
    }

    /** The rows the console edits in one place, in order. */
    public static List<IngressAnnotation<?>> editedOn(EditedOn where) {
        return ALL.stream().filter(a -> a.editedOn() == where).toList();
    }
}
