package io.meshgate.sidecar.translator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.MeshListener;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The steps of FSM's demo 3.4 on the golden case {@code ingress-nginx-https}: what the backend's
 * protocol and {@code skipClientCertValidation} make of the same sources. The golden file shows the
 * whole config of the first step; these check the grant of each step.
 */
class IngressBackendProtocolTest {
    private static final Path CASE = Path.of("src/test/resources/golden/ingress-nginx-https/input.yaml");
    private static final Workload HTTPBIN = new Workload("httpbin", "httpbin-5b8b94b9-lt2vs");
    private static final String NGINX = "ingress-nginx.ingress-nginx.cluster.local";
    private static final String NGINX_ENDPOINT = "10.244.3.4/32";

    @Test
    void httpsWantsTheNamedCertificateFromTheSourceServicesAddresses() throws IOException {
        AccessGrant grant = onlyGrant(backend("https", false, NGINX));

        assertThat(grant.requiresCertificate()).isTrue();
        assertThat(grant.principals()).containsExactly(NGINX);
        assertThat(grant.sourceRanges()).containsExactly(NGINX_ENDPOINT);
    }

    @Test
    void anotherPrincipalLeavesNginxsCertificateOut() throws IOException {
        // the seed's negative step: nginx still connects from its endpoint, but its certificate is not named
        AccessGrant grant = onlyGrant(backend("https", false, "untrusted-client.cluster.local"));

        assertThat(grant.requiresCertificate()).isTrue();
        assertThat(grant.principals()).containsExactly("untrusted-client.cluster.local");
        assertThat(grant.sourceRanges()).containsExactly(NGINX_ENDPOINT);
    }

    @Test
    void skippingClientCertificateValidationAdmitsAnyMeshCertificateFromThoseAddresses() throws IOException {
        AccessGrant grant = onlyGrant(backend("https", true, "untrusted-client.cluster.local"));

        assertThat(grant.requiresCertificate()).isTrue();
        assertThat(grant.principals()).containsExactly(AccessGrant.ANY_PRINCIPAL);
        assertThat(grant.sourceRanges()).containsExactly(NGINX_ENDPOINT);
    }

    @Test
    void httpAdmitsTheSourceServicesAddressesOrThePrincipal() throws IOException {
        // the demo's first (plain HTTP) step: nginx's endpoint is enough, no certificate needed
        AccessGrant grant = onlyGrant(backend("http", false, NGINX));

        assertThat(grant.requiresCertificate()).isFalse();
        assertThat(grant.principals()).containsExactly(NGINX);
        assertThat(grant.sourceRanges()).containsExactly(NGINX_ENDPOINT);
    }

    @Test
    void httpsWithoutAnyPrincipalGrantsNothing() throws IOException {
        Access access = access(backend("https", false, null));

        assertThat(access).isEqualTo(Access.NOBODY);
    }

    /**
     * The backend's {@code tls} section as the seed writes it: only on {@code https} backends (a
     * {@code tls} section on its own also asks for mTLS, as FSM's AccessControl guide uses it).
     */
    private static String tls(String protocol, boolean skip) {
        return protocol.equals("https") || skip
                ? "    tls:\n      skipClientCertValidation: " + skip + "\n" : "";
    }

    /** The case's IngressBackend with the backend's protocol, skip flag and AuthenticatedPrincipal (null: none). */
    private static String backend(String protocol, boolean skip, String principal) {
        return """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: IngressBackend
                metadata:
                  name: httpbin
                  namespace: httpbin
                spec:
                  backends:
                  - name: httpbin
                    port:
                      number: 14001
                      protocol: %s
                %s  sources:
                  - kind: Service
                    name: ingress-nginx-controller
                    namespace: ingress-nginx
                """.formatted(protocol, tls(protocol, skip)) + (principal == null ? "" : """
                  - kind: AuthenticatedPrincipal
                    name: %s
                """.formatted(principal));
    }

    private static AccessGrant onlyGrant(String ingressBackend) throws IOException {
        Access access = access(ingressBackend);
        assertThat(access.grants()).hasSize(1);
        return access.grants().getFirst();
    }

    /** The access of httpbin's inbound rule for port 14001 with {@code ingressBackend} in place of the case's. */
    private static Access access(String ingressBackend) throws IOException {
        List<Resource> resources = new ArrayList<>(SidecarTranslatorGoldenTest.read(CASE).stream()
                .filter(r -> !r.kind().equals("IngressBackend")).toList());
        resources.addAll(new ResourceCodec().parse(ingressBackend));
        SidecarTranslation translation = SidecarTranslator.translate(SidecarInputs.from(resources), HTTPBIN,
                TestCertificates.of("httpbin", "httpbin"));
        MeshListener inbound = translation.config().listeners().stream()
                .filter(l -> l instanceof MeshListener m && m.direction() == MeshListener.Direction.INBOUND)
                .map(MeshListener.class::cast).findFirst().orElseThrow();
        return inbound.destinations().stream().filter(rule -> rule.port() == 14001).findFirst().orElseThrow().access();
    }
}
