package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Condition;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.Translator;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The translator of proxy kind "test": ConfigMap {@code meshgate-test/route} with
 * {@code data.backendPort} (and optional {@code data.listenPort}, default 0) becomes one HTTP
 * listener "web" on 127.0.0.1 routing everything to 127.0.0.1:backendPort. Other resources are
 * ignored, so writing them must publish nothing.
 */
final class TestTranslator implements Translator {
    static final String KIND = "test";
    static final String LISTENER = "web";
    static final ResourceKey ROUTE = new ResourceKey("ConfigMap", "meshgate-test", "route");

    static TranslatorRegistry registry() {
        return TranslatorRegistry.standard().with(KIND, new TestTranslator());
    }

    @Override
    public Translation translate(ResourceSnapshot snapshot, ProxyIdentity proxy) {
        Optional<Resource> route = snapshot.get(ROUTE);
        if (route.isEmpty()) {
            return Translation.of(ProxyConfig.empty());
        }
        JsonNode data = route.get().field("data");
        int backend = Integer.parseInt(data.path("backendPort").asText("0"));
        int listen = Integer.parseInt(data.path("listenPort").asText("0"));
        ProxyConfig config = new ProxyConfig("unlabelled",
                List.of(HttpListener.plain(LISTENER, "127.0.0.1", listen, List.of(new VirtualHost("any", List.of("*"),
                        List.of(Route.to("all", RouteMatch.ANY, "backend")))))),
                List.of(Cluster.of("backend", List.of(Endpoint.of("127.0.0.1", backend)))));
        return new Translation(config, Map.of(ROUTE, List.of(Condition.isTrue("Accepted", "Translated", ""))));
    }

    /** The ConfigMap the translator reads, as YAML. */
    static String routeYaml(int backendPort, int listenPort, String extra) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: route
                  namespace: meshgate-test
                  labels:
                    note: "%s"
                data:
                  backendPort: "%d"
                  listenPort: "%d"
                """.formatted(extra, backendPort, listenPort);
    }

    static final String ROUTE_PATH = "/api/v1/namespaces/meshgate-test/configmaps/route";
}
