package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports the translator's per-Ingress conditions as core/v1 Events on the Ingress (the Ingress API
 * has no conditions), written by the leader's {@link StatusWriter}: only the leader emits, on its
 * own thread, with its retries.
 *
 * <p>Events are recorded only when an Ingress's conditions <em>change</em>, never on every rebuild:
 * a problem condition (False, or {@code Conflicted} True) that is new or different gives a
 * {@code Warning}; an Ingress that is accepted with no problem left (first seen so, or just fixed)
 * gives a {@code Normal} event from its {@code Accepted} condition. Reason and message are the
 * condition's.
 *
 * <p>Repeats are aggregated as client-go does: an Event's name is derived from the Ingress's uid and
 * the condition it reports, so the same condition coming back (bad, fixed, bad again) finds its
 * Event already there, whose {@code count} and {@code lastTimestamp} are bumped. A pod that has just
 * become leader knows nothing of what the previous leader reported: for each Ingress's first round
 * an Event that already exists is left alone, so a leader change re-emits nothing.
 */
final class IngressConditionEvents implements StatusWriter.Source {
    /** {@code source.component} and {@code reportingComponent} of our Events. */
    static final String COMPONENT = "meshgate-ingress";
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";
    /** The API server refuses longer reportingInstance values. */
    private static final int MAX_INSTANCE = 128;
    /** Event messages are meant to be short; the API server caps them (events.k8s.io: 1 kB). */
    private static final int MAX_MESSAGE = 1024;
    private static final int MAX_NAME = 253;

    private final KubernetesClient client;
    private final ClusterInformers informers;
    private final String instance;
    private final Clock clock;
    /** What has been reported per Ingress while this pod leads; dropped when leadership is lost. */
    private final Map<ResourceKey, Reported> reported = new ConcurrentHashMap<>();
    private volatile Map<ResourceKey, List<Condition>> desired = Map.of();

    /** The conditions of one Ingress object (by uid) last reported. */
    private record Reported(String uid, List<Condition> conditions) {}

    IngressConditionEvents(KubernetesClient client, ClusterInformers informers, String identity, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.informers = Objects.requireNonNull(informers, "informers");
        Objects.requireNonNull(identity, "identity");
        this.instance = identity.length() > MAX_INSTANCE ? identity.substring(0, MAX_INSTANCE) : identity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The conditions of every Ingress of our class, after a translation. */
    void statusesChanged(Map<ResourceKey, List<Condition>> statuses) {
        desired = Map.copyOf(statuses);
    }

    @Override
    public void leaderChanged(boolean leader) {
        // another pod may have reported changes meanwhile: start again from "knows nothing"
        reported.clear();
    }

    @Override
    public List<StatusWriter.Pending> pending() {
        Map<ResourceKey, List<Condition>> now = desired;
        reported.keySet().retainAll(now.keySet());
        List<StatusWriter.Pending> out = new ArrayList<>();
        now.forEach((key, conditions) -> {
            Ingress ingress = informers.ingress(key.namespace(), key.name()).orElse(null);
            if (ingress == null || ingress.getMetadata().getUid() == null) {
                return;
            }
            String uid = ingress.getMetadata().getUid();
            Reported last = reported.get(key);
            boolean known = last != null && last.uid().equals(uid);
            if (known && last.conditions().equals(conditions)) {
                return;
            }
            List<Condition> events = toReport(known ? last.conditions() : null, conditions);
            if (events.isEmpty()) {
                reported.put(key, new Reported(uid, List.copyOf(conditions)));
                return;
            }
            String change = "event" + (events.size() == 1 ? " " : "s ") + String.join(", ",
                    events.stream().map(c -> type(c) + " " + c.reason()).toList());
            out.add(new StatusWriter.Pending("Ingress " + key.namespace() + "/" + key.name(), change, () -> {
                for (Condition condition : events) {
                    record(ingress, condition, known);
                }
                reported.put(key, new Reported(uid, List.copyOf(conditions)));
            }));
        });
        return out;
    }

    /**
     * The conditions to record as Events when an Ingress's conditions go from {@code before} (null:
     * not known to this leader) to {@code now}: every problem that is new or changed, and, once no
     * problem is left, the Accepted condition. Pure, for tests.
     */
    static List<Condition> toReport(List<Condition> before, List<Condition> now) {
        List<Condition> out = new ArrayList<>();
        for (Condition condition : now) {
            if (isProblem(condition) && (before == null || !before.contains(condition))) {
                out.add(condition);
            }
        }
        boolean healthy = now.stream().noneMatch(IngressConditionEvents::isProblem);
        if (healthy && (before == null || !before.equals(now))) {
            now.stream().filter(c -> c.type().equals(Condition.ACCEPTED) && c.holds())
                    .findFirst().ifPresent(out::add);
        }
        return out;
    }

    /** False conditions are problems, except Conflicted, which is one when True. */
    static boolean isProblem(Condition condition) {
        return condition.type().equals(Condition.CONFLICTED)
                ? condition.status() == Condition.Status.TRUE : condition.status() == Condition.Status.FALSE;
    }

    /** "true", "false" or "unknown": how log lines, messages and Event names have always spelled a status. */
    static String statusText(Condition condition) {
        return condition.status().name().toLowerCase(Locale.ROOT);
    }

    static String type(Condition condition) {
        return isProblem(condition) ? WARNING : NORMAL;
    }

    /**
     * Creates the Event for one condition; when it already exists, bumps its count if this leader saw
     * the Ingress change to it ({@code known}), else leaves it (a previous leader reported it).
     */
    private void record(Ingress ingress, Condition condition, boolean known) {
        String namespace = ingress.getMetadata().getNamespace();
        String name = eventName(ingress.getMetadata().getName(), ingress.getMetadata().getUid(), condition);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewInvolvedObject().withApiVersion("networking.k8s.io/v1").withKind("Ingress")
                .withNamespace(namespace).withName(ingress.getMetadata().getName())
                .withUid(ingress.getMetadata().getUid())
                .withResourceVersion(ingress.getMetadata().getResourceVersion()).endInvolvedObject()
                .withType(type(condition)).withReason(condition.reason()).withMessage(message(condition))
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(instance)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            if (known) {
                client.v1().events().inNamespace(namespace).withName(name).edit(existing -> new EventBuilder(existing)
                        .withCount(existing.getCount() == null ? 2 : existing.getCount() + 1)
                        .withLastTimestamp(now).withMessage(message(condition))
                        .withNewInvolvedObjectLike(event.getInvolvedObject()).endInvolvedObject()
                        .withReportingInstance(instance).build());
            }
        }
    }

    private static String message(Condition condition) {
        String message = condition.message().isEmpty() ? condition.type() + "=" + statusText(condition) : condition.message();
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    }

    /**
     * {@code <ingress>.<hash>}: the hash of the uid and the condition, so one condition of one Ingress
     * object is always the same Event (and a recreated Ingress starts afresh). The name part is cut so
     * the whole stays a valid DNS subdomain.
     */
    static String eventName(String ingressName, String uid, Condition condition) {
        String hash = sha256(uid + '\n' + condition.type() + '\n' + statusText(condition) + '\n'
                + condition.reason() + '\n' + condition.message()).substring(0, 16);
        String base = ingressName.length() > MAX_NAME - 17 ? ingressName.substring(0, MAX_NAME - 17) : ingressName;
        while (!base.isEmpty() && !Character.isLetterOrDigit(base.charAt(base.length() - 1))) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "." + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
