package io.meshgate.kube;

import static io.meshgate.kube.IngressControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.config.ProxyConfig;
import io.meshgate.resources.Condition;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingress conditions as core/v1 Events, against the mock API server (CRUD mode): the leader records
 * a change once, a fix as a Normal event, a follower nothing, and a new leader re-emits nothing.
 */
class IngressConditionEventsTest {
    private static final Condition ACCEPTED =
            Condition.isTrue(Condition.ACCEPTED, "Accepted", "served by the ingress gateway");
    private static final Condition NO_BACKEND =
            Condition.isFalse(Condition.RESOLVED_REFS, "BackendNotFound", "service httpbin/httpbin not found");

    private MockCluster cluster;
    private KubernetesClient admin;
    private LoopbackBackend backend;
    private final List<Kernel> kernels = new ArrayList<>();
    private final List<IngressController> controllers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        admin = cluster.newClient();
        backend = new LoopbackBackend();
    }

    @AfterEach
    void tearDown() {
        controllers.forEach(IngressController::close);
        kernels.forEach(k -> k.shutdown(Duration.ZERO));
        backend.close();
        cluster.close();
    }

    private IngressController startPod(String identity) {
        Kernel kernel = Kernel.start(KernelOptions.defaults(), ProxyConfig.empty());
        kernels.add(kernel);
        IngressController controller = IngressController.start(cluster.newClient(),
                IngressControllerTest.testOptions(), kernel::apply, identity, Duration.ofSeconds(30));
        controllers.add(controller);
        return controller;
    }

    private List<Event> events() {
        return admin.v1().events().inNamespace("httpbin").list().getItems();
    }

    private List<Event> events(String type) {
        return events().stream().filter(e -> e.getType().equals(type)).toList();
    }

    @Test
    void aMissingServiceIsOneWarningAndItsFixOneNormalEvent() {
        Ingress ingress = admin.resource(Fixtures.seedIngress()).create();
        IngressController controller = startPod("pod-a");

        eventually().until(() -> events(IngressConditionEvents.WARNING).size() == 1);
        Event warning = events(IngressConditionEvents.WARNING).getFirst();
        assertThat(warning.getReason()).isEqualTo("BackendNotFound");
        assertThat(warning.getMessage()).contains("httpbin");
        assertThat(warning.getCount()).isEqualTo(1);
        assertThat(warning.getInvolvedObject().getKind()).isEqualTo("Ingress");
        assertThat(warning.getInvolvedObject().getName()).isEqualTo("httpbin");
        assertThat(warning.getInvolvedObject().getUid()).isEqualTo(ingress.getMetadata().getUid()).isNotBlank();
        assertThat(warning.getInvolvedObject().getResourceVersion()).isNotBlank();
        assertThat(warning.getSource().getComponent()).isEqualTo("meshgate-ingress");
        assertThat(warning.getReportingComponent()).isEqualTo("meshgate-ingress");
        assertThat(warning.getReportingInstance()).isEqualTo(controller.identity());
        assertThat(events(IngressConditionEvents.NORMAL)).as("not accepted without a problem yet").isEmpty();

        // another rebuild with the same conditions records nothing
        long rounds = controller.reconciler().passes();
        admin.resource(Fixtures.publishService("10.0.2.4")).create();
        eventually().until(() -> controller.reconciler().passes() > rounds);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> events().size() == 1 && events().getFirst().getCount() == 1);

        // the fix: the Service appears
        admin.resource(Fixtures.httpbinService()).create();
        admin.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), true)).create();
        eventually().until(() -> events(IngressConditionEvents.NORMAL).size() == 1);
        assertThat(events(IngressConditionEvents.NORMAL).getFirst().getReason()).isEqualTo("Accepted");

        // the problem coming back bumps the count of its Event rather than adding one
        admin.services().inNamespace("httpbin").withName("httpbin").delete();
        eventually().until(() -> events(IngressConditionEvents.WARNING).getFirst().getCount() == 2);
        assertThat(events()).hasSize(2);
    }

    @Test
    void onlyTheLeaderRecordsAndANewLeaderDoesNotRepeat() {
        admin.resource(Fixtures.seedIngress()).create();
        IngressController a = startPod("pod-a");
        eventually().until(a::isLeader);
        IngressController b = startPod("pod-b");
        eventually().until(() -> events(IngressConditionEvents.WARNING).size() == 1);
        eventually().until(() -> b.reconciler().passes() > 0);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !b.isLeader());
        assertThat(b.eventWrites()).as("a follower records nothing").isZero();
        assertThat(events().getFirst().getReportingInstance()).isEqualTo(a.identity());

        a.close(); // releases the Lease
        eventually().until(b::isLeader);
        eventually().until(() -> b.eventWrites() == 1); // it looked, found the Event there
        assertThat(events()).hasSize(1);
        assertThat(events().getFirst().getCount()).as("not counted again by the new leader").isEqualTo(1);
    }

    @Test
    void onlyChangesAreReported() {
        assertThat(IngressConditionEvents.toReport(null, List.of(ACCEPTED, NO_BACKEND))).containsExactly(NO_BACKEND);
        assertThat(IngressConditionEvents.toReport(List.of(ACCEPTED, NO_BACKEND), List.of(ACCEPTED, NO_BACKEND))).isEmpty();
        assertThat(IngressConditionEvents.toReport(List.of(ACCEPTED, NO_BACKEND), List.of(ACCEPTED))).containsExactly(ACCEPTED);
        assertThat(IngressConditionEvents.toReport(null, List.of(ACCEPTED))).containsExactly(ACCEPTED);
        assertThat(IngressConditionEvents.toReport(List.of(ACCEPTED), List.of(ACCEPTED))).isEmpty();
        Condition conflict = Condition.isTrue(Condition.CONFLICTED, "DuplicatePath", "/ taken");
        assertThat(IngressConditionEvents.type(conflict)).isEqualTo(IngressConditionEvents.WARNING);
        assertThat(IngressConditionEvents.type(ACCEPTED)).isEqualTo(IngressConditionEvents.NORMAL);
    }

    @Test
    void eventNamesAreValidAndFollowTheCondition() {
        String name = IngressConditionEvents.eventName("httpbin", "uid-1", NO_BACKEND);
        assertThat(name).matches("httpbin\\.[0-9a-f]{16}");
        assertThat(IngressConditionEvents.eventName("httpbin", "uid-1", NO_BACKEND)).isEqualTo(name);
        assertThat(IngressConditionEvents.eventName("httpbin", "uid-2", NO_BACKEND)).isNotEqualTo(name);
        assertThat(IngressConditionEvents.eventName("httpbin", "uid-1", ACCEPTED)).isNotEqualTo(name);
        String longName = IngressConditionEvents.eventName("a".repeat(235) + "-b", "uid-1", ACCEPTED);
        assertThat(longName).hasSizeLessThanOrEqualTo(253).matches("a+\\.[0-9a-f]{16}");
    }
}
