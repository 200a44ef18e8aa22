package io.meshgate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.HttpListener;
import io.meshgate.config.Redirect;
import io.meshgate.config.Route;
import io.meshgate.config.VirtualHost;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP-to-HTTPS redirect beyond the golden case: the public HTTPS port goes into the redirect,
 * and without MeshConfig ingress.tls.enabled nothing redirects (no certificate is served).
 */
class IngressSslRedirectTest {
    private static final Path INPUT = Path.of("src/test/resources/golden/ssl-redirect/input.yaml");

    private static List<Resource> resources() throws IOException {
        return new ResourceCodec().parse(Files.readString(INPUT));
    }

    private static Route route(IngressTranslation translation, String listener, String host) {
        HttpListener http = (HttpListener) translation.config().listeners().stream()
                .filter(l -> l.name().equals(listener)).findFirst().orElseThrow();
        VirtualHost vhost = http.virtualHosts().stream().filter(v -> v.name().equals(host)).findFirst().orElseThrow();
        return vhost.routes().stream().filter(r -> r.name().equals("httpbin/secure/rule-0/path-0")).findFirst()
                .orElseThrow();
    }

    @Test
    void redirectsToThePublicHttpsPortBehindAPortMapping() throws IOException {
        IngressSettings settings = IngressSettings.of("0.0.0.0", 8000, 8443).withPublicHttpsPort(443);

        IngressTranslation translation = IngressTranslator.translate(IngressInputs.from(resources()), settings);

        assertThat(route(translation, IngressTranslator.HTTP_LISTENER, "example.com").filters())
                .containsExactly(Redirect.toHttps(443));
        assertThat(route(translation, IngressTranslator.HTTPS_LISTENER, "example.com").filters()).isEmpty();
        assertThat(settings.httpsPort()).isEqualTo(8443);
    }

    @Test
    void thePublicPortIsTheListenerPortByDefault() {
        assertThat(IngressSettings.of("0.0.0.0", 8000, 8443).publicHttpsPort()).isEqualTo(8443);
    }

    @Test
    void withoutTlsEnabledInMeshConfigPlainHttpIsServed() throws IOException {
        List<Resource> withoutMeshConfig = resources().stream().filter(r -> !r.kind().equals("MeshConfig")).toList();

        IngressTranslation translation = IngressTranslator.translate(IngressInputs.from(withoutMeshConfig),
                IngressSettings.of("0.0.0.0", 8000, 8443));

        assertThat(translation.config().listeners()).hasSize(1);
        assertThat(route(translation, IngressTranslator.HTTP_LISTENER, "example.com").filters()).isEmpty();
    }
}
