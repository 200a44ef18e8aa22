package io.meshgate.resources.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.FieldError;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceValidator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Egress policies refused at apply time: each bad input (changed from seed 6.2's policy) is reported
 * at its field path with what is allowed; the seed's own policies pass.
 */
class EgressValidatorTest {
    private static final ResourceValidator VALIDATOR = ResourceValidator.standard();

    /** Seed 6.2's policy, with {@code %s} for the part a case changes. */
    private static final String POLICY = """
            kind: Egress
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: server-8443, namespace: egress-middle}
            spec:
              sources:
              - kind: ServiceAccount
                name: middle
                namespace: egress-middle
                %s
              hosts: [%s]
              ports: [{number: %s, protocol: %s}]
              matches: [%s]
            """;
    private static final String MTLS = "mtls: {issuer: other, cert: {sn: 1, subjectAltNames: [flomesh.io],"
            + " expiration: 2030-1-1 00:00:00, secret: {name: egress-middle-cert, namespace: fsm-system}}}";
    private static final String GROUP = "{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: routes}";
    private static final String SETTING = "{apiGroup: policy.flomesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: s}";

    @Test
    void theSeedPoliciesAreValid() {
        assertThat(validate(MTLS, "server.egress-server.svc.cluster.local", "8443", "http", GROUP)).isEmpty();
        assertThat(validate("", "'*.example.com'", "443", "HTTPS", SETTING)).isEmpty();
        assertThat(validate("", "db.example.com", "3306", "tcp-server-first", "")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid host    | mtls: {issuer: other, cert: {sn: 1, subjectAltNames: [a.b], expiration: 2030-1-1 00:00:00, secret: {name: s, namespace: n}}} | 'Not_A_Host!' | 80 | http | | spec.hosts[0] | must be a lowercase DNS name
            host with port  | | 'httpbin.org:80' | 80 | http | | spec.hosts[0] | must be a lowercase DNS name
            port zero       | | httpbin.org | 0 | http | | spec.ports[0].number | between 1 and 65535
            port too high   | | httpbin.org | 65536 | http | | spec.ports[0].number | between 1 and 65535
            unknown protocol| | httpbin.org | 80 | udp | | spec.ports[0].protocol | Unsupported value
            mtls, no cert   | mtls: {issuer: other} | httpbin.org | 80 | http | | spec.sources[0].mtls.cert | Required value
            fsm issuer, no cert | mtls: {issuer: fsm} | httpbin.org | 80 | http | | spec.sources[0].mtls.cert | Meshgate issues no egress certificates
            cert, no secret | mtls: {issuer: other, cert: {sn: 1, subjectAltNames: [a.b], expiration: 2030-1-1 00:00:00}} | httpbin.org | 80 | http | | spec.sources[0].mtls.cert.secret | Required value
            unknown issuer  | mtls: {issuer: vault, cert: {sn: 1, subjectAltNames: [a.b], expiration: 2030-1-1 00:00:00, secret: {name: s, namespace: n}}} | httpbin.org | 80 | http | | spec.sources[0].mtls.issuer | Unsupported value
            TCPRoute match  | | httpbin.org | 80 | http | {apiGroup: specs.smi-spec.io/v1alpha4, kind: TCPRoute, name: r} | spec.matches[0].kind | Unsupported value
            unknown group   | | httpbin.org | 80 | http | {apiGroup: example.com/v1, kind: Thing, name: r} | spec.matches[0].apiGroup | Unsupported value
            two settings    | | httpbin.org | 80 | http | {apiGroup: policy.flomesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: a}, {apiGroup: policy.flomesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: b} | spec.matches[1] | at most one UpstreamTrafficSetting
            """)
    void badInputIsReportedAtItsField(String name, String source, String host, String port, String protocol, String matches,
                                      String field, String message) {
        List<FieldError> errors = validate(source == null ? "" : source, host, port, protocol, matches == null ? "" : matches);
        assertThat(errors).as(name).anySatisfy(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void anAddressThatIsNoCidrIsRefused() {
        String policy = POLICY.formatted("", "httpbin.org", "80", "http", "").replace("hosts:", "ipAddresses: [1.2.3.4]\n  hosts:");
        assertThat(VALIDATOR.validate(new ResourceCodec().parse(policy).getFirst()))
                .anySatisfy(error -> assertThat(error.field()).isEqualTo("spec.ipAddresses[0]"));
    }

    private static List<FieldError> validate(String source, String host, String port, String protocol, String matches) {
        return VALIDATOR.validate(new ResourceCodec().parse(POLICY.formatted(source, host, port, protocol, matches)).getFirst());
    }
}
