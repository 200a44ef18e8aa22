package io.meshgate.sidecar.injector;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strict reading of the envelope: what an API server never sends is refused with the field named. */
class AdmissionReviewsTest {
    private final AdmissionReviews reviews = new AdmissionReviews(new KubernetesSerialization());

    @Test
    void readsWhatAnApiServerSends() {
        AdmissionRequestView request = reviews.read(Reviews.bytes(Reviews.review("abc", "networking.k8s.io", "v1",
                "Ingress", "default", "CREATE", Reviews.JSON.createObjectNode().put("kind", "Ingress"))));
        assertThat(request.uid()).isEqualTo("abc");
        assertThat(request.apiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(request.kind()).isEqualTo("Ingress");
        assertThat(request.namespace()).isEqualTo("default");
        assertThat(request.operation()).isEqualTo("CREATE");
    }

    @Test
    void aDeleteNeedsNoObject() {
        AdmissionRequestView request = reviews.read(Reviews.bytes(Reviews.review("d", "", "v1", "Pod", "x", "DELETE",
                null)));
        assertThat(request.object()).isNull();
    }

    @Test
    void refusesMalformedReviews() {
        refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"apiVersion\":\"admission.k8s.io/v1\"}", "Duplicate field");
        refused("not json", "not a JSON AdmissionReview");
        refused("[]", "must be a JSON object");
        refused("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}", "apiVersion: must be admission.k8s.io/v1");
        refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}", "request: required");
        refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"kind\":{}}}",
                "request.uid: required");
        refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"kind\":{\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"PATCH\"}}", "request.operation: 'PATCH'");
        refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"kind\":{\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}", "request.object: required");
        refused("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"} {}", "Trailing token");
        refused("[".repeat(100) + "]".repeat(100), "not a JSON AdmissionReview");
    }

    @Test
    void aRefusalCarriesTheFieldPathsAsStatusCauses() {
        AdmissionRequestView request = reviews.read(Reviews.bytes(Reviews.create("u", "Pod", "ns",
                Reviews.JSON.createObjectNode())));
        var response = Reviews.response(reviews.refuse(request, 422, "Invalid", "bad",
                java.util.List.of(new AdmissionReviews.FieldCause("spec.rules[0].host", "not a host"))));
        assertThat(response.get("uid").asText()).isEqualTo("u");
        assertThat(response.get("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/details/causes/0/field").asText()).isEqualTo("spec.rules[0].host");
        assertThat(response.at("/status/details/causes/0/message").asText()).isEqualTo("not a host");
    }

    private void refused(String body, String message) {
        assertThatThrownBy(() -> reviews.read(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AdmissionReviewException.class).hasMessageContaining(message);
    }
}
