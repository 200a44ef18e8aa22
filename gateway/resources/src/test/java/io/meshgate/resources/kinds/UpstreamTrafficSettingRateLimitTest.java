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
 * The rate-limit part of UpstreamTrafficSetting refused at apply time (seed 1.6 and 1.7): a rate of 0,
 * an unknown unit, a negative burst, a bad status or header, each at its field path; the seed's
 * policies pass.
 */
class UpstreamTrafficSettingRateLimitTest {
    private static final ResourceValidator VALIDATOR = ResourceValidator.standard();

    private static final String SETTING = """
            apiVersion: policy.flomesh.io/v1alpha1
            kind: UpstreamTrafficSetting
            metadata: {name: rate-limit, namespace: demo}
            spec:
              host: fortio.demo.svc.cluster.local
              rateLimit:
                local:
                  tcp: %s
                  http: %s
              httpRoutes:
              - path: .*
                rateLimit:
                  local: %s
            """;
    private static final String TCP = "{connections: 1, unit: minute, burst: 10}";
    private static final String HTTP = "{requests: 3, unit: minute, burst: 10, responseStatusCode: 429,"
            + " responseHeadersToAdd: [{name: x-limited, value: 'yes'}]}";
    private static final String ROUTE = "{requests: 3, unit: minute}";

    @Test
    void theSeedPoliciesAreValid() {
        assertThat(validate(TCP, HTTP, ROUTE)).isEmpty();
        assertThat(validate("{connections: 1, unit: minute}", "{requests: 3, unit: minute}", ROUTE)).isEmpty();
        assertThat(validate("{connections: 1, unit: hour, burst: 0}", "{requests: 1, unit: second}", ROUTE)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tcp rate 0          | {connections: 0, unit: minute} | | | spec.rateLimit.local.tcp.connections | between 1 and 4294967295
            tcp rate missing    | {unit: minute} | | | spec.rateLimit.local.tcp.connections | Required value
            tcp unknown unit    | {connections: 1, unit: day} | | | spec.rateLimit.local.tcp.unit | supported values: "second", "minute", "hour"
            tcp negative burst  | {connections: 1, unit: minute, burst: -1} | | | spec.rateLimit.local.tcp.burst | between 0 and
            http rate 0         | | {requests: 0, unit: minute} | | spec.rateLimit.local.http.requests | between 1 and 4294967295
            http unit missing   | | {requests: 3} | | spec.rateLimit.local.http.unit | Required value
            http negative burst | | {requests: 3, unit: minute, burst: -5} | | spec.rateLimit.local.http.burst | between 0 and
            http status 200     | | {requests: 3, unit: minute, responseStatusCode: 200} | | spec.rateLimit.local.http.responseStatusCode | between 400 and 599
            http bad header     | | {requests: 3, unit: minute, responseHeadersToAdd: [{name: 'bad header', value: x}]} | | spec.rateLimit.local.http.responseHeadersToAdd[0].name | header name
            route rate 0        | | | {requests: 0, unit: minute} | spec.httpRoutes[0].rateLimit.local.requests | between 1 and 4294967295
            route unknown unit  | | | {requests: 1, unit: fortnight} | spec.httpRoutes[0].rateLimit.local.unit | supported values
            """)
    void badInputIsReportedAtItsField(String name, String tcp, String http, String route, String field, String message) {
        List<FieldError> errors = validate(tcp == null ? TCP : tcp, http == null ? HTTP : http, route == null ? ROUTE : route);
        assertThat(errors).as(name).anySatisfy(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    private static List<FieldError> validate(String tcp, String http, String route) {
        return VALIDATOR.validate(new ResourceCodec().parse(SETTING.formatted(tcp, http, route)).getFirst());
    }
}
