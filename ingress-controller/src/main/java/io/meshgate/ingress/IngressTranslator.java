package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.ClientValidation;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.Listener;
import io.meshgate.config.PathMatch;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Redirect;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.ServerCertificate;
import io.meshgate.config.SniPassthrough;
import io.meshgate.config.VirtualHost;
import io.meshgate.config.WeightedCluster;
import io.meshgate.ingress.annotations.AnnotationContext;
import io.meshgate.ingress.annotations.IngressAnnotationRegistry;
import io.meshgate.ingress.annotations.RouteOptions;
import io.meshgate.resources.Condition;
import io.meshgate.resources.FieldError;
import io.meshgate.resources.IngressAnnotations;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.resources.SecretEntries;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import io.meshgate.resources.schema.Formats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Translates Ingresses of class {@code pipy} (or {@link IngressSettings#ingressClass()}) into the
 * ingress gateway's config. A pure function:
 * equal inputs give an equal config, and one bad Ingress never breaks another.
 *
 * <p>Choices (documented differences from FSM):
 * <ul>
 *   <li>{@code pathType: ImplementationSpecific} is treated as {@code Prefix} (FSM drops such paths).</li>
 *   <li>Routes of one host are ordered Exact first, then the longest Prefix, as Kubernetes specifies; the
 *       Ingresses of one host merge by creationTimestamp, then namespace/name; a host + path + pathType
 *       claimed twice stays with the earlier Ingress and the later one gets a {@code Conflicted} condition.</li>
 *   <li>{@code spec.defaultBackend} is the last route of that Ingress's own hosts (paths no rule of the
 *       host matches; on a host several Ingresses name, the earliest one's), and the oldest Ingress's
 *       defaultBackend is also the catch-all {@code *} for hosts no Ingress names; a later Ingress's
 *       is reported {@code Conflicted} for that part. Without one the kernel answers 404.</li>
 *   <li>Annotations apply per Ingress, not per Service (see {@link ClusterTable}).</li>
 *   <li>An Ingress with an invalid annotation, or one naming a missing Secret, is not served at all
 *       (half-applied settings, e.g. plain HTTP to an HTTPS upstream, would be worse); its status says why.</li>
 *   <li>Plain HTTP to a host served with a certificate is answered {@code 308} to
 *       {@code https://host[:publicHttpsPort]/path?query} (ingress-nginx's {@code ssl-redirect}; FSM
 *       answers 403), except for routes of Ingresses annotated {@code meshgate.io/ssl-redirect: "false"} on hosts
 *       whose certificate does not require client certificates ({@link PlainHttpRedirect}).</li>
 *   <li>MeshConfig {@code ingress.tls.sslPassthrough} only passes through server names on an allow-list:
 *       {@link IngressSettings#passthroughAllowedHosts()} plus the exact hosts of Ingresses annotated
 *       {@code meshgate.io/tls-passthrough-allowed: "true"} in {@link IngressSettings#passthroughAllowedNamespaces()}
 *       (FSM passes any SNI).</li>
 *   <li>An annotation may name a Secret of another namespace only in {@value IngressSettings#CONTROL_PLANE_NAMESPACE}
 *       or when that Secret consents ({@link SecretConsent}).</li>
 *   <li>{@code meshgate.io/tls-passthrough: "true"} on an Ingress sends TLS for its hosts, undecrypted, to its
 *       first backend (the console's "TLS passthrough").</li>
 *   <li>A backend that is an SMI TrafficSplit's root Service is routed to the split's backends by weight
 *       ({@link IngressSplits}; FSM's gateway ignores splits).</li>
 * </ul>
 */
public final class IngressTranslator {
    /** Meshgate's annotation: TLS for this Ingress's hosts is passed through to its backend. */
    public static final String PASSTHROUGH = IngressAnnotationTable.TLS_PASSTHROUGH.name();
    /** Meshgate's annotation: this Ingress's hosts may use MeshConfig's global SSL passthrough. */
    public static final String PASSTHROUGH_ALLOWED = IngressAnnotationTable.TLS_PASSTHROUGH_ALLOWED.name();
    /** Listener names in the produced config. */
    public static final String HTTP_LISTENER = "ingress-http";
    public static final String HTTPS_LISTENER = "ingress-https";

    private static final Comparator<Resource> MERGE_ORDER = Comparator
            .comparing((Resource r) -> Optional.ofNullable(r.metadata().creationTimestamp()).orElse(Instant.EPOCH))
            .thenComparing(r -> r.namespace() == null ? "" : r.namespace())
            .thenComparing(Resource::name);

    private static final System.Logger LOG = System.getLogger(IngressTranslator.class.getName());

    private IngressTranslator() {}

    /** Builds the ingress gateway's config (version {@code "ingress"}) and a status per Ingress of ours. */
    public static IngressTranslation translate(IngressInputs inputs, IngressSettings settings) {
        return translate(inputs, settings, new IngressTranslationMemo());
    }

    /**
     * Like {@link #translate(IngressInputs, IngressSettings)}, reusing what {@code memo} kept of earlier
     * translations for Ingresses whose inputs did not change, and keeping this one's for the next. The
     * result is the same as with an empty memo: only the time it takes differs.
     */
    public static IngressTranslation translate(IngressInputs inputs, IngressSettings settings,
                                               IngressTranslationMemo memo) {
        synchronized (memo) {
            boolean done = false;
            try {
                IngressTranslation translation = new Run(inputs, settings, memo).translate();
                done = true;
                return translation;
            } finally {
                if (done) {
                    memo.endRun();
                } else {
                    memo.abortRun();
                }
            }
        }
    }

    /** One translation's working state. */
    private static final class Run {
        private final IngressInputs inputs;
        private final IngressSettings settings;
        private final IngressTranslationMemo memo;
        /** What the Ingress being prepared reads; null outside {@link #prepare}. */
        private InputReads reads;
        private final MeshIngressConfig mesh;
        private final BackendResolver backends;
        private final SecretConsent secretConsent;
        private final IngressSplits splits;
        private final ClusterTable clusters = new ClusterTable();
        private final Map<String, List<RouteEntry>> routesByHost = new TreeMap<>();
        private final Map<String, Fallback> fallbackByHost = new TreeMap<>();
        private final Map<String, ResourceKey> claims = new LinkedHashMap<>();
        private final Map<String, ServerCertificate> certificates = new LinkedHashMap<>();
        private final Map<String, ResourceKey> certificateOwners = new LinkedHashMap<>();
        private final Map<String, ResourceKey> passthroughOwners = new LinkedHashMap<>();
        /** From the oldest Ingress with a {@code spec.tls} entry without hosts; null when none. */
        private ServerCertificate defaultCertificate;
        private final List<SniPassthrough> passthrough = new ArrayList<>();
        private final Set<String> passthroughAllowed = new LinkedHashSet<>();
        private final Map<ResourceKey, List<Condition>> statuses = new LinkedHashMap<>();
        private Fallback catchAll;

        Run(IngressInputs inputs, IngressSettings settings, IngressTranslationMemo memo) {
            this.inputs = inputs;
            this.settings = settings;
            this.memo = memo;
            this.mesh = MeshIngressConfig.from(inputs.meshConfig());
            this.backends = new BackendResolver(this::find);
            this.secretConsent = new SecretConsent(this::find);
            this.splits = new IngressSplits(inputs, backends);
            for (String host : settings.passthroughAllowedHosts()) {
                String name = host.toLowerCase(Locale.ROOT);
                if (Formats.SERVER_NAME.problem(name).isEmpty()) {
                    passthroughAllowed.add(name);
                } else {
                    // one bad operator entry must not make the gateway refuse every config
                    LOG.log(System.Logger.Level.WARNING, "passthrough allow-list entry ''{0}'' is not a server name;"
                            + " left out", host);
                }
            }
        }

        IngressTranslation translate() {
            IngressClassSelector selector = new IngressClassSelector(settings.ingressClass(), inputs.ingressClasses());
            List<IngressTranslationMemo.Entry> ours = new ArrayList<>();
            for (Resource ingress : inputs.ingresses()) {
                IngressTranslationMemo.Entry entry = memo.entryFor(ingress);
                if (selector.handlesClass(entry.namedClass)) {
                    ours.add(entry);
                }
            }
            ours.sort(Comparator.comparing(e -> e.ingress, MERGE_ORDER));
            ours.forEach(this::add);
            ProxyConfig config = new ProxyConfig("ingress", listeners(), clusters.clusters());
            // after every Ingress: a later Ingress's certificate can decide an earlier one's routes
            forcedRedirects().reportTo(statuses);
            return new IngressTranslation(config, statuses);
        }

        /**
         * Merges one Ingress into the config: its prepared part (kept from an earlier translation when the
         * Ingress and everything it read are the same objects) against what earlier Ingresses claimed.
         */
        private void add(IngressTranslationMemo.Entry entry) {
            Resource ingress = entry.ingress;
            if (entry.prepared == null || !entry.prepared.reads().stillHold(this::findUnrecorded, splits)) {
                entry.prepared = prepare(ingress);
            } else {
                memo.countReuse();
            }
            PreparedIngress prepared = entry.prepared;
            List<Condition> conditions = new ArrayList<>();
            statuses.put(ingress.key(), conditions);
            if (prepared.refusal() != null) {
                conditions.add(prepared.refusal());
                return;
            }
            RouteOptions options = prepared.options();
            Map<String, String> annotations = ingress.metadata().annotations();
            // client certificates required (tls-verify-client, or MeshConfig mTLS with trusted CAs): fail closed
            boolean clientCertificates = options.verifyClient() || options.clientValidation(mesh.mutualTls()) != null;
            conditions.add(Condition.isTrue(Condition.ACCEPTED, "Accepted", "served by the ingress gateway"));
            // before the routes: an Ingress requiring client certificates is only served on hosts its own
            // certificate (which carries that requirement) is selected for
            addTls(ingress, prepared.spec(), options, conditions);
            // plain HTTP to its protected hosts is redirected by the host's certificate (PlainHttpRedirect)
            boolean sslRedirect = options.sslRedirect();
            List<String> unprotected = new ArrayList<>();
            List<String> unresolved = new ArrayList<>();
            List<String> conflicts = new ArrayList<>();
            List<String> defaultConflicts = new ArrayList<>();
            // a passed-through Ingress relays to one cluster: TrafficSplits are for its HTTP routes only
            List<IngressSplits.Outcome> splitOutcomes = new ArrayList<>();
            Set<String> hosts = new LinkedHashSet<>();
            String firstCluster = null;
            // a passed-through Ingress's backend speaks TLS itself: it gets no HTTP routes, so plain
            // HTTP to its hosts is never sent in clear text to a TLS port (such requests get 404)
            boolean tlsPassthrough = prepared.tlsPassthrough();
            for (PreparedIngress.Rule rule : prepared.rules()) {
                String host = rule.host();
                Optional<String> notProtected = clientCertificates && !tlsPassthrough
                        ? notProtected(ingress.key(), host) : Optional.empty();
                if (notProtected.isPresent()) {
                    // neither plain HTTP nor another Ingress's certificate: the host is not served at all
                    unprotected.add(notProtected.get());
                    continue;
                }
                hosts.add(host);
                for (PreparedIngress.Backend path : rule.paths()) {
                    use(path.orThrow(), unresolved, splitOutcomes);
                    firstCluster = firstCluster == null ? path.cluster() : firstCluster;
                    if (!tlsPassthrough) {
                        addRoute(ingress, host, path, sslRedirect, conflicts);
                    }
                }
            }
            PreparedIngress.Backend defaultBackend = prepared.defaultBackend();
            if (defaultBackend != null) {
                use(defaultBackend.orThrow(), unresolved, splitOutcomes);
                firstCluster = firstCluster == null ? defaultBackend.cluster() : firstCluster;
                addDefaultBackend(hosts, new Fallback(new RouteEntry(false, "", defaultBackend.route(), sslRedirect,
                        ingress.key())), defaultConflicts, !clientCertificates);
                if (clientCertificates && hosts.isEmpty()) {
                    unprotected.add("defaultBackend: not used (it may only answer this Ingress's protected hosts,"
                            + " and there are none)");
                }
            }
            if (!unprotected.isEmpty()) {
                String why = String.join("; ", unprotected);
                conditions.add(Condition.isFalse("ClientCertificate", "HostNotProtected", why));
                if (hosts.isEmpty()) {
                    conditions.set(0, Condition.isFalse(Condition.ACCEPTED, "ClientCertificateNotEnforceable",
                            "no host of this Ingress can require client certificates: " + why));
                }
            }
            List<String> passthroughConflicts = new ArrayList<>();
            addPassthrough(ingress, annotations, hosts, firstCluster, conditions, passthroughConflicts);
            if (!unresolved.isEmpty()) {
                conditions.add(Condition.isFalse(Condition.RESOLVED_REFS, "BackendNotFound",
                        String.join("; ", unresolved)));
            }
            splitCondition(splitOutcomes).ifPresent(conditions::add);
            if (!conflicts.isEmpty() || !defaultConflicts.isEmpty() || !passthroughConflicts.isEmpty()) {
                String reason = !conflicts.isEmpty() ? "DuplicatePath"
                        : !defaultConflicts.isEmpty() ? "DuplicateDefaultBackend" : "DuplicatePassthroughHost";
                conflicts.addAll(defaultConflicts);
                conflicts.addAll(passthroughConflicts);
                conditions.add(Condition.isTrue(Condition.CONFLICTED, reason,
                        String.join("; ", conflicts)));
            }
        }

        /** A served backend's clusters join the config (in the order resolving it made them), its problems the status. */
        private void use(PreparedIngress.Backend backend, List<String> unresolved,
                         List<IngressSplits.Outcome> splitOutcomes) {
            clusters.adopt(backend.made());
            unresolved.addAll(backend.unresolved());
            if (backend.split() != null) {
                splitOutcomes.add(backend.split());
            }
        }

        /**
         * The part of an Ingress's translation that reads only the Ingress and the objects it names
         * (recorded in {@link #reads}): checks, annotation settings, resolved backends and routes.
         */
        private PreparedIngress prepare(Resource ingress) {
            reads = new InputReads();
            try {
                return prepareRecorded(ingress, reads);
            } finally {
                reads = null;
            }
        }

        private PreparedIngress prepareRecorded(Resource ingress, InputReads reads) {
            Map<String, String> annotations = ingress.metadata().annotations();
            List<FieldError> invalid = IngressAnnotations.validate(annotations);
            if (!invalid.isEmpty()) {
                return PreparedIngress.refused(reads, Condition.isFalse(Condition.ACCEPTED, "InvalidAnnotation",
                        invalid.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "))));
            }
            JsonNode spec = ingress.spec();
            List<String> badHosts = ServerNameCheck.problems(spec);
            if (!badHosts.isEmpty()) {
                // the gateway refuses a whole config naming such a host; leaving the Ingress out keeps
                // everyone else's changes flowing (and a host dropped alone could fall back to plain HTTP)
                return PreparedIngress.refused(reads,
                        Condition.isFalse(Condition.ACCEPTED, "InvalidHost", String.join("; ", badHosts)));
            }
            AnnotationContext context = new AnnotationContext(ingress.namespace(), this::secretData, secretConsent);
            RouteOptions options = IngressAnnotationRegistry.apply(annotations, context);
            if (!context.refusedSecrets().isEmpty()) {
                return PreparedIngress.refused(reads, Condition.isFalse(Condition.ACCEPTED, "SecretNotPermitted",
                        String.join("; ", context.refusedSecrets())));
            }
            if (!context.missingSecrets().isEmpty()) {
                return PreparedIngress.refused(reads, Condition.isFalse(Condition.ACCEPTED, "MissingSecret",
                        String.join("; ", context.missingSecrets())));
            }
            List<String> unloadable = AnnotatedSecretCheck.problems(options);
            if (!unloadable.isEmpty()) {
                return PreparedIngress.refused(reads,
                        Condition.isFalse(Condition.ACCEPTED, "InvalidSecret", String.join("; ", unloadable)));
            }
            if (options.verifyClient() && options.trustedClientCa() == null) {
                return PreparedIngress.refused(reads, Condition.isFalse(Condition.ACCEPTED, "MissingClientCA",
                        IngressAnnotationTable.TLS_VERIFY_CLIENT.name() + " needs "
                                + IngressAnnotationTable.TLS_TRUSTED_CA_SECRET.name()
                                + ": without trusted CAs no client certificate can be checked"));
            }
            boolean tlsPassthrough = IngressAnnotationTable.TLS_PASSTHROUGH.valueIn(annotations);
            List<PreparedIngress.Rule> rules = new ArrayList<>();
            int ruleIndex = 0;
            for (JsonNode rule : spec.path("rules")) {
                String host = rule.path("host").asText("").toLowerCase(Locale.ROOT);
                host = host.isEmpty() ? "*" : host;
                List<PreparedIngress.Backend> paths = new ArrayList<>();
                int pathIndex = 0;
                for (JsonNode path : rule.path("http").path("paths")) {
                    paths.add(prepareBackend(ingress, path.path("backend"), path, options.forHost(host), options,
                            tlsPassthrough, routeName(ingress, ruleIndex, pathIndex)));
                    pathIndex++;
                }
                rules.add(new PreparedIngress.Rule(host, List.copyOf(paths)));
                ruleIndex++;
            }
            PreparedIngress.Backend defaultBackend = spec.has("defaultBackend") && !tlsPassthrough
                    ? prepareBackend(ingress, spec.path("defaultBackend"), null, options, options, false,
                            routeName(ingress, -1, -1)) : null;
            return new PreparedIngress(reads, null, spec, options, tlsPassthrough, List.copyOf(rules), defaultBackend);
        }

        /**
         * Resolves one path's backend (or, with {@code path} null, the defaultBackend) and builds its route.
         * A failure to resolve is kept, not thrown: the merge throws it only where the translation uses the
         * backend (a host an mTLS Ingress cannot protect never resolves its paths).
         */
        private PreparedIngress.Backend prepareBackend(Resource ingress, JsonNode backendJson, JsonNode path,
                                                       RouteOptions hostOptions, RouteOptions options,
                                                       boolean tlsPassthrough, String name) {
            ClusterTable made = new ClusterTable();
            List<String> unresolved = new ArrayList<>();
            List<IngressSplits.Outcome> splitOutcomes = new ArrayList<>();
            Target target;
            try {
                target = target(ingress, backendJson, hostOptions, made, unresolved, tlsPassthrough ? null : splitOutcomes);
            } catch (RuntimeException e) {
                return new PreparedIngress.Backend(null, null, List.of(), List.of(), null, false, "", null, e);
            }
            IngressSplits.Outcome split = splitOutcomes.isEmpty() ? null : splitOutcomes.getFirst();
            boolean exact = false;
            String value = "";
            Route route = null;
            RuntimeException failure = null;
            if (path == null) {
                route = withRewrite(new Route(name, RouteMatch.ANY, target.clusters(), List.of(), null), options);
            } else {
                String type = path.path("pathType").asText("Prefix");
                value = path.path("path").asText("/");
                value = value.isEmpty() ? "/" : value;
                exact = type.equals("Exact");
                if (!tlsPassthrough) {
                    try {
                        PathMatch match = exact ? PathMatch.exact(value) : PathMatch.prefix(value);
                        route = withRewrite(new Route(name, RouteMatch.path(match), target.clusters(), List.of(), null),
                                options);
                    } catch (RuntimeException e) {
                        failure = e; // thrown only if the path wins its claim, where it was built before
                    }
                }
            }
            return new PreparedIngress.Backend(target.cluster(), target.clusters(), made.clusters(),
                    List.copyOf(unresolved), split, exact, value, route, failure);
        }

        /**
         * A defaultBackend answers what no rule matches on its Ingress's own hosts (the earliest Ingress
         * naming a host wins it), and the oldest one also answers hosts no Ingress names ({@code *}):
         * an Ingress in one namespace must not take over the unmatched paths of another's hosts.
         */
        private void addDefaultBackend(Set<String> hosts, Fallback fallback, List<String> conflicts,
                                       boolean mayAnswerUnnamedHosts) {
            List<String> won = new ArrayList<>();
            for (String host : hosts) {
                if (host.equals("*")) {
                    continue; // rules without host live in the catch-all, whose fallback is the oldest default
                }
                Fallback earlier = fallbackByHost.putIfAbsent(host, fallback);
                if (earlier == null) {
                    won.add(host);
                } else {
                    conflicts.add("defaultBackend for host " + host + ": Ingress " + earlier.ownerName()
                            + "'s (earlier) is used");
                }
            }
            if (!mayAnswerUnnamedHosts) {
                return;
            }
            if (catchAll == null) {
                catchAll = fallback;
                return;
            }
            conflicts.add("defaultBackend: Ingress " + catchAll.ownerName()
                    + "'s (the oldest) answers hosts no Ingress names; this one "
                    + (won.isEmpty() ? "is not used" : "only answers " + String.join(", ", won)));
        }

        /**
         * Where a backend's requests go: its Service's cluster, or the backends of the TrafficSplit whose root
         * that Service is ({@link IngressSplits}).
         *
         * @param splitOutcomes where a split's outcome is recorded for the Ingress's condition; null: no split
         *                      (a passed-through Ingress relays to one cluster)
         */
        private Target target(Resource ingress, JsonNode backendJson, RouteOptions options, ClusterTable clusters,
                              List<String> unresolved, List<IngressSplits.Outcome> splitOutcomes) {
            BackendRef backend = BackendRef.of(backendJson);
            return switch (backends.resolve(ingress.namespace(), backend)) {
                case BackendResolver.Failure failure -> {
                    unresolved.add(failure.reason() + ": " + failure.message());
                    // routed to an empty cluster: the path answers 503, like a Service without endpoints,
                    // instead of falling through to a shorter prefix of another Ingress or to a 404
                    yield Target.of(clusters.unresolved(ingress.namespace() + "/" + (backend.service().isEmpty() ? "?"
                            : backend.service()) + ":" + backend.portText()));
                }
                case BackendResolver.Resolved found -> {
                    if (splitOutcomes != null && reads != null) {
                        reads.splits(found.namespace(), found.service(),
                                splits.rootedAt(found.namespace(), found.service()));
                    }
                    IngressSplits.Outcome split = splitOutcomes == null ? null
                            : splits.route(found, b -> clusters.clusterFor(b, options.clusterKey())).orElse(null);
                    if (split != null) {
                        splitOutcomes.add(split);
                        if (!split.clusters().isEmpty()) {
                            // the split's backends serve the root's requests: the root's own endpoints do not matter
                            yield new Target(split.clusters().getFirst().cluster(), split.clusters());
                        }
                    }
                    if (found.endpoints().isEmpty()) {
                        // kept: the route answers 503 instead of falling through to another rule or a 404
                        unresolved.add("NoEndpoints: Service " + found.namespace() + "/" + found.service()
                                + " port " + found.servicePort() + " has no ready endpoints");
                    }
                    yield Target.of(clusters.clusterFor(found, options.clusterKey()));
                }
            };
        }

        /**
         * The Ingress's {@value IngressSplits#CONDITION} condition when one of its backends is a TrafficSplit's
         * root: True when every split applies as written, else False with the most serious problem's reason;
         * the message says, per backend, what the gateway does.
         */
        private static Optional<Condition> splitCondition(List<IngressSplits.Outcome> outcomes) {
            if (outcomes.isEmpty()) {
                return Optional.empty();
            }
            Set<String> messages = new LinkedHashSet<>();
            IngressSplits.Problem worst = null;
            for (IngressSplits.Outcome outcome : outcomes) {
                messages.add(outcome.message());
                if (outcome.problem() != null && (worst == null || outcome.problem().ordinal() < worst.ordinal())) {
                    worst = outcome.problem();
                }
            }
            String message = String.join("; ", messages);
            return Optional.of(worst == null ? Condition.isTrue(IngressSplits.CONDITION, "Applied", message)
                    : Condition.isFalse(IngressSplits.CONDITION, worst.reason, message));
        }

        private void addRoute(Resource ingress, String host, PreparedIngress.Backend path, boolean sslRedirect,
                              List<String> conflicts) {
            String claim = host + " " + (path.exact() ? "Exact " : "Prefix ") + path.path();
            ResourceKey owner = claims.putIfAbsent(claim, ingress.key());
            if (owner != null) {
                conflicts.add(claim + ": already routed by Ingress " + owner.namespace() + "/" + owner.name());
                return;
            }
            if (path.route() == null) {
                throw path.failure();
            }
            routesByHost.computeIfAbsent(host, h -> new ArrayList<>())
                    .add(new RouteEntry(path.exact(), path.path(), path.route(), sslRedirect, ingress.key()));
        }

        private void addTls(Resource ingress, JsonNode spec, RouteOptions options, List<Condition> conditions) {
            if (!spec.has("tls") || spec.path("tls").isEmpty()) {
                return;
            }
            if (!mesh.tlsEnabled()) {
                conditions.add(Condition.isFalse("TLS", "TLSDisabled",
                        "spec.tls is ignored: MeshConfig spec.ingress.tls.enabled is false"));
                return;
            }
            ClientValidation clientValidation = options.clientValidation(mesh.mutualTls());
            List<String> problems = new ArrayList<>();
            String reason = "MissingSecret";
            for (JsonNode tls : spec.path("tls")) {
                String secretName = tls.path("secretName").asText("");
                Map<String, String> data = secretName.isEmpty() ? null
                        : secretData(ingress.namespace(), secretName).orElse(null);
                if (data == null || !data.containsKey("tls.crt") || !data.containsKey("tls.key")) {
                    problems.add("Secret " + ingress.namespace() + "/" + secretName
                            + (data == null ? " not found" : " has no tls.crt and tls.key"));
                    continue;
                }
                Optional<String> unloadable = PemCheck.keyPairProblem(data.get("tls.crt"), data.get("tls.key"));
                if (unloadable.isPresent()) {
                    // the gateway would refuse every config holding it, not just this Ingress's part
                    reason = problems.isEmpty() ? "InvalidCertificate" : reason;
                    problems.add("Secret " + ingress.namespace() + "/" + secretName + ": " + unloadable.get());
                    continue;
                }
                List<String> names = new ArrayList<>();
                for (JsonNode host : tls.path("hosts")) {
                    names.add(host.asText().toLowerCase(Locale.ROOT));
                }
                if (names.isEmpty()) {
                    // Kubernetes: hosts left out = the controller's wildcard, i.e. the certificate for
                    // clients whose SNI names no host (or that send none); the oldest Ingress's wins
                    addDefaultCertificate(ingress, secretName, data, clientValidation, problems, conditions);
                    continue;
                }
                for (String name : names) {
                    if (certificates.containsKey(name)) {
                        problems.add("host " + name + " already has a certificate from an earlier Ingress");
                        continue;
                    }
                    Optional<ResourceKey> guarded = mutualTlsWildcardOwner(name).filter(k -> !k.equals(ingress.key()));
                    if (guarded.isPresent()) {
                        // an exact certificate would be selected instead and drop the wildcard's client-certificate check
                        problems.add("host " + name + " is covered by the wildcard certificate of Ingress "
                                + guarded.get().namespace() + "/" + guarded.get().name()
                                + " (earlier), which requires client certificates");
                        continue;
                    }
                    ResourceKey passedThrough = passthroughOwners.get(name);
                    if (passedThrough != null) {
                        // its TLS never reaches a certificate: the earlier Ingress relays it undecrypted
                        reason = problems.isEmpty() ? "HostPassedThrough" : reason;
                        problems.add("host " + name + " is passed through by Ingress " + passedThrough.namespace()
                                + "/" + passedThrough.name() + " (earlier)");
                        continue;
                    }
                    try {
                        certificates.put(name, new ServerCertificate(List.of(name), data.get("tls.crt"),
                                PrivateKeyPem.of(data.get("tls.key")), clientValidation));
                        certificateOwners.put(name, ingress.key());
                    } catch (IllegalArgumentException notPem) {
                        problems.add("Secret " + ingress.namespace() + "/" + secretName + ": " + notPem.getMessage());
                    }
                }
            }
            if (!problems.isEmpty()) {
                conditions.add(Condition.isFalse("TLS", reason, String.join("; ", problems)));
            }
        }

        private void addDefaultCertificate(Resource ingress, String secretName, Map<String, String> data,
                                           ClientValidation clientValidation, List<String> problems,
                                           List<Condition> conditions) {
            if (defaultCertificate != null) {
                conditions.add(Condition.isFalse("TLS", "DuplicateDefaultCertificate",
                        "spec.tls without hosts: the default certificate already comes from an earlier Ingress"));
                return;
            }
            try {
                defaultCertificate = new ServerCertificate(List.of(), data.get("tls.crt"),
                        PrivateKeyPem.of(data.get("tls.key")), clientValidation);
            } catch (IllegalArgumentException notPem) {
                problems.add("Secret " + ingress.namespace() + "/" + secretName + ": " + notPem.getMessage());
            }
        }

        private void addPassthrough(Resource ingress, Map<String, String> annotations, Set<String> hosts,
                                    String cluster, List<Condition> conditions, List<String> conflicts) {
            List<String> named = hosts.stream().filter(h -> !h.equals("*")).toList();
            if (IngressAnnotationTable.TLS_PASSTHROUGH_ALLOWED.valueIn(annotations)) {
                allowPassthrough(ingress, named, conditions);
            }
            if (!IngressAnnotationTable.TLS_PASSTHROUGH.valueIn(annotations)) {
                return;
            }
            if (named.isEmpty() || cluster == null) {
                conditions.add(Condition.isFalse("TLSPassthrough", "NoHostOrBackend",
                        PASSTHROUGH + " needs rules with hosts and a resolvable backend"));
                return;
            }
            List<String> claimed = new ArrayList<>();
            for (String host : named) {
                ResourceKey earlier = passthroughOwners.get(host);
                ResourceKey certified = certificateOwners.get(host);
                if (earlier != null) {
                    // the gateway refuses a config naming one server name twice: the oldest Ingress keeps it
                    conflicts.add("metadata.annotations[" + PASSTHROUGH + "]: host " + host
                            + " is already passed through by Ingress " + earlier.namespace() + "/" + earlier.name());
                } else if (certified != null && !certified.equals(ingress.key())) {
                    // relaying it would take the host's TLS away from the Ingress whose certificate serves it
                    conflicts.add("metadata.annotations[" + PASSTHROUGH + "]: host " + host
                            + " is served with a certificate of Ingress " + certified.namespace() + "/" + certified.name());
                } else {
                    claimed.add(host);
                    passthroughOwners.put(host, ingress.key());
                }
            }
            if (!claimed.isEmpty()) {
                passthrough.add(new SniPassthrough(claimed, cluster));
            }
        }

        /**
         * Adds an Ingress's hosts to the global passthrough allow-list: exact names only (a wildcard
         * would let the gateway relay to names nobody reviewed), and only from the namespaces the operator
         * lists (the list is global: one tenant must not open the relay for everyone).
         */
        private void allowPassthrough(Resource ingress, List<String> hosts, List<Condition> conditions) {
            String field = "metadata.annotations[" + PASSTHROUGH_ALLOWED + "]: ";
            if (!settings.passthroughAllowedNamespaces().contains(ingress.namespace())) {
                conditions.add(Condition.isFalse("TLSPassthroughAllowed", "NamespaceNotAllowed", field
                        + "namespace " + ingress.namespace() + " may not extend the global passthrough allow-list"
                        + " (allowed: " + String.join(", ", settings.passthroughAllowedNamespaces()) + ")"));
                return;
            }
            List<String> wildcards = hosts.stream().filter(h -> h.startsWith("*")).toList();
            hosts.stream().filter(h -> !h.startsWith("*")).forEach(passthroughAllowed::add);
            if (!wildcards.isEmpty()) {
                conditions.add(Condition.isFalse("TLSPassthroughAllowed", "WildcardNotAllowed", field
                        + "only exact host names join the global passthrough allow-list; left out: "
                        + String.join(", ", wildcards)));
            }
        }

        private List<Listener> listeners() {
            List<Listener> listeners = new ArrayList<>();
            listeners.add(HttpListener.plain(HTTP_LISTENER, settings.bindAddress(), settings.httpPort(),
                    virtualHosts(true)));
            DownstreamTls tls = certificates.isEmpty() && defaultCertificate == null ? null
                    : new DownstreamTls(List.copyOf(certificates.values()), defaultCertificate);
            GlobalPassthrough global = mesh.passthroughEnabled()
                    ? new GlobalPassthrough(mesh.passthroughUpstreamPort(), List.copyOf(passthroughAllowed)) : null;
            if (tls != null || global != null || !passthrough.isEmpty()) {
                listeners.add(new HttpListener(HTTPS_LISTENER, settings.bindAddress(), settings.httpsPort(),
                        virtualHosts(false), tls, passthrough, global, HttpSettings.DEFAULTS));
            }
            return listeners;
        }

        /**
         * The virtual hosts of one listener. On plain HTTP, the routes of a host served with a certificate
         * redirect to HTTPS as {@link PlainHttpRedirect} decides: a client that reached the host over HTTP by
         * habit or an old link is moved to the encrypted listener instead of sending its cookies in clear.
         */
        private List<VirtualHost> virtualHosts(boolean plainHttp) {
            Redirect redirect = Redirect.toHttps(settings.publicHttpsPort());
            List<VirtualHost> out = new ArrayList<>();
            for (String host : hostNames()) {
                ServerCertificate selected = plainHttp ? selectedCertificate(host) : null;
                List<Route> routes = entries(host).stream()
                        .map(e -> PlainHttpRedirect.of(selected, e.sslRedirect()).redirects()
                                ? e.route().withFilters(List.of(redirect)) : e.route())
                        .toList();
                out.add(memo.virtualHost(plainHttp, host, routes));
            }
            return out;
        }

        /** The Ingresses whose ssl-redirect opt-out the plain-HTTP listener overrides, and for which hosts. */
        private ForcedRedirects forcedRedirects() {
            ForcedRedirects forced = new ForcedRedirects();
            for (String host : hostNames()) {
                ServerCertificate selected = selectedCertificate(host);
                for (RouteEntry e : entries(host)) {
                    if (PlainHttpRedirect.of(selected, e.sslRedirect()) == PlainHttpRedirect.FORCED) {
                        forced.add(e.owner(), host, certificateOwners.get(selectedCertificateName(host)));
                    }
                }
            }
            return forced;
        }

        private Set<String> hostNames() {
            Set<String> names = new TreeSet<>(routesByHost.keySet());
            names.addAll(fallbackByHost.keySet());
            if (catchAll != null) {
                names.add("*");
            }
            return names;
        }

        /** A host's routes in match order, its defaultBackend (or the catch-all's) last. */
        private List<RouteEntry> entries(String host) {
            List<RouteEntry> entries = new ArrayList<>(routesByHost.getOrDefault(host, List.of()));
            entries.sort(RouteEntry.PRECEDENCE);
            Fallback fallback = host.equals("*") ? catchAll : fallbackByHost.get(host);
            if (fallback != null) {
                entries.add(fallback.entry());
            }
            return entries;
        }

        /**
         * Why a host of an Ingress requiring client certificates cannot be served with that requirement,
         * or empty when the certificate the gateway selects for it is the Ingress's own (which carries it).
         * A host served with an earlier Ingress's certificate is refused even when that one also checks
         * client certificates: its CAs are another team's choice.
         */
        private Optional<String> notProtected(ResourceKey self, String host) {
            if (host.equals("*")) {
                return Optional.of("rules without host: they answer any server name, so no certificate of this"
                        + " Ingress is selected for them");
            }
            ResourceKey owner = certificateOwners.get(host);
            int dot = host.indexOf('.');
            if (owner == null && !host.startsWith("*") && dot > 0) {
                owner = certificateOwners.get("*" + host.substring(dot));
            }
            if (owner == null) {
                return Optional.of("host " + host + " has no certificate of this Ingress (see the TLS condition)");
            }
            if (!owner.equals(self)) {
                return Optional.of("host " + host + " is served with the certificate of Ingress " + owner.namespace()
                        + "/" + owner.name() + " (earlier), not this Ingress's, which requires client certificates");
            }
            return Optional.empty();
        }

        /** The owner of a {@code *.} certificate covering exact name {@code name} that requires client certificates. */
        private Optional<ResourceKey> mutualTlsWildcardOwner(String name) {
            int dot = name.indexOf('.');
            if (name.startsWith("*") || dot <= 0) {
                return Optional.empty();
            }
            String wildcard = "*" + name.substring(dot);
            ServerCertificate covering = certificates.get(wildcard);
            return covering == null || covering.clientValidation() == null
                    ? Optional.empty() : Optional.ofNullable(certificateOwners.get(wildcard));
        }

        /**
         * The certificate the HTTPS listener selects for {@code host}, or null: its own, else a {@code *.}
         * parent's. The default certificate does not count: it stands for hosts no Ingress gave a certificate,
         * and an mTLS Ingress's routes are never served under it.
         */
        private ServerCertificate selectedCertificate(String host) {
            String name = selectedCertificateName(host);
            return name == null ? null : certificates.get(name);
        }

        private String selectedCertificateName(String host) {
            if (certificates.containsKey(host)) {
                return host;
            }
            int dot = host.indexOf('.');
            String parent = dot > 0 ? "*" + host.substring(dot) : null;
            return !host.startsWith("*") && parent != null && certificates.containsKey(parent) ? parent : null;
        }

        private Optional<Map<String, String>> secretData(String namespace, String name) {
            return find("Secret", namespace, name).map(SecretEntries::of);
        }

        /** Looks an object up, recording the read while an Ingress is being prepared. */
        private Optional<Resource> find(String kind, String namespace, String name) {
            Optional<Resource> found = findUnrecorded(kind, namespace, name);
            if (reads != null) {
                reads.found(kind, namespace, name, found.orElse(null));
            }
            return found;
        }

        private Optional<Resource> findUnrecorded(String kind, String namespace, String name) {
            List<Resource> of = switch (kind) {
                case "Service" -> inputs.services();
                case "Endpoints" -> inputs.endpoints();
                case "Secret" -> inputs.secrets();
                default -> throw new IllegalArgumentException("the translator does not look up " + kind);
            };
            return inputs.find(of, namespace, name);
        }

        private static Route withRewrite(Route route, RouteOptions options) {
            List<FilterConfig> filters = options.rewrite() == null ? List.of() : List.of(options.rewrite());
            return route.withFilters(filters);
        }

        private static String routeName(Resource ingress, int rule, int path) {
            String base = ingress.namespace() + "/" + ingress.name();
            return rule < 0 ? base + "/default-backend" : base + "/rule-" + rule + "/path-" + path;
        }
    }

    /**
     * Where a backend's requests go: the route's weighted clusters, and the one cluster a TLS passthrough
     * relays to (the first).
     */
    private record Target(String cluster, List<WeightedCluster> clusters) {
        static Target of(String cluster) {
            return new Target(cluster, List.of(new WeightedCluster(cluster, 1)));
        }
    }

    /** A defaultBackend's route and the Ingress it came from. */
    private record Fallback(RouteEntry entry) {
        String ownerName() {
            return entry.owner().namespace() + "/" + entry.owner().name();
        }
    }

    /**
     * A route with what orders it inside its host (Exact before Prefix, longer paths first) and whether
     * its Ingress lets plain HTTP be redirected to HTTPS, and that Ingress.
     */
    private record RouteEntry(boolean exact, String path, Route route, boolean sslRedirect, ResourceKey owner) {
        static final Comparator<RouteEntry> PRECEDENCE = Comparator
                .comparing((RouteEntry e) -> !e.exact())
                .thenComparing(e -> -e.path().length());
    }
}
