package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request router's contract, pinned row by row: which answer each method, path and caller
 * gets. A row's answer is the status and, for a problem document, its type and detail; for other
 * answers the Content-Type. Clients (the console, the CLI, proxies) depend on these details, down
 * to 405 versus 404, trailing slashes, HEAD and the order of the checks (token, path, method, role).
 *
 * <p>Callers: {@code anon} (no token), {@code basic} (an Authorization header of another scheme),
 * {@code unknown} (a bearer token nobody issued), {@code viewer}, {@code editor}, {@code admin},
 * {@code proxy} (the token of the registered proxy {@code edge-1}), {@code sidecar} (a sidecar token
 * for service account {@code rc} in namespace {@code rc}). Writes send {@code {}} as JSON.
 * {@code {known}} in a detail stands for the sorted list of served plurals, {@code {sidecar}} for
 * what a sidecar token is told it may do.
 */
class RoutingContractTest {
    private static final String CONTRACT = """
            GET     /readyz                                              anon    -> 200 text/plain
            GET     /readyz/                                             anon    -> 401 unauthorized missing Authorization: Bearer <token>
            HEAD    /readyz                                              anon    -> 401 application/problem+json
            HEAD    /readyz                                              viewer  -> 404 application/problem+json
            POST    /readyz                                              viewer  -> 404 not-found no such path: /readyz
            GET     /                                                    anon    -> 401 unauthorized missing Authorization: Bearer <token>
            GET     /                                                    viewer  -> 404 not-found no such path: /
            GET     /nothing/here                                        viewer  -> 404 not-found no such path: /nothing/here
            GET     /openapi                                             viewer  -> 200 application/yaml
            GET     /openapi/                                            viewer  -> 200 application/yaml
            HEAD    /openapi                                             viewer  -> 405 application/problem+json
            POST    /openapi                                             editor  -> 405 method-not-allowed method POST is not supported on this path
            GET     /openapi/x                                           viewer  -> 404 not-found no such path: /openapi/x
            GET     /metrics                                             anon    -> 401 unauthorized missing Authorization: Bearer <token>
            GET     /metrics/                                            viewer  -> 200 text/plain; version=0.0.4; charset=utf-8
            POST    /metrics                                             viewer  -> 200 text/plain; version=0.0.4; charset=utf-8
            DELETE  /metrics                                             viewer  -> 200 text/plain; version=0.0.4; charset=utf-8
            HEAD    /metrics                                             viewer  -> 200 text/plain; version=0.0.4; charset=utf-8
            GET     /metrics/x                                           viewer  -> 404 not-found no such path: /metrics/x
            GET     /api                                                 viewer  -> 404 not-found no such path: /api
            GET     /api/v2                                              viewer  -> 404 not-found no such path: /api/v2
            GET     /api/v2/ingresses                                    viewer  -> 404 not-found no such path: /api/v2/ingresses
            GET     /api/v1                                              viewer  -> 200 application/json
            GET     /api/v1/                                             viewer  -> 200 application/json
            GET     //api//v1                                            viewer  -> 200 application/json
            HEAD    /api/v1                                              viewer  -> 405 application/problem+json
            POST    /api/v1                                              editor  -> 405 method-not-allowed method POST is not supported on this path
            GET     /api/v1                                              basic   -> 401 unauthorized the Authorization header must use the Bearer scheme
            GET     /api/v1                                              unknown -> 401 unauthorized unknown or expired token
            GET     /api/v1                                              proxy   -> 401 unauthorized unknown or expired token
            GET     /api/v1/apply                                        editor  -> 405 method-not-allowed method GET is not supported on this path
            POST    /api/v1/apply                                        viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs editor
            POST    /api/v1/apply/                                       viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs editor
            POST    /api/v1/apply/x                                      editor  -> 404 not-found no such path: /api/v1/apply/x
            GET     /api/v1/audit                                        viewer  -> 200 application/json
            GET     /api/v1/audit/                                       viewer  -> 200 application/json
            POST    /api/v1/audit                                        editor  -> 405 method-not-allowed method POST is not supported on this path
            GET     /api/v1/audit/verify                                 viewer  -> 200 application/json
            GET     /api/v1/audit/verify/                                viewer  -> 200 application/json
            DELETE  /api/v1/audit/verify                                 editor  -> 405 method-not-allowed method DELETE is not supported on this path
            GET     /api/v1/audit/abc                                    viewer  -> 404 not-found audit ids are numbers
            GET     /api/v1/audit/999999                                 viewer  -> 404 not-found audit row 999999 not found
            HEAD    /api/v1/audit/1                                      viewer  -> 405 application/problem+json
            DELETE  /api/v1/audit/1                                      editor  -> 405 method-not-allowed method DELETE is not supported on this path
            GET     /api/v1/audit/1/revert                               viewer  -> 405 method-not-allowed method GET is not supported on this path
            POST    /api/v1/audit/1/revert                               viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs editor
            POST    /api/v1/audit/999999/revert                          editor  -> 404 not-found audit row 999999 not found
            POST    /api/v1/audit/verify/revert                          editor  -> 404 not-found audit ids are numbers
            GET     /api/v1/audit/verify/revert                          viewer  -> 405 method-not-allowed method GET is not supported on this path
            GET     /api/v1/audit/1/x                                    viewer  -> 404 not-found no such path
            GET     /api/v1/audit/1/revert/x                             viewer  -> 404 not-found no such path
            GET     /api/v1/audit?limit=x                                viewer  -> 400 bad-request limit must be a non-negative integer
            GET     /api/v1/tokens                                       viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs admin
            PUT     /api/v1/tokens                                       editor  -> 403 forbidden token 'test-editor' has role editor; this request needs admin
            PUT     /api/v1/tokens                                       admin   -> 405 method-not-allowed method PUT is not supported on this path
            GET     /api/v1/tokens/                                      admin   -> 200 application/json
            POST    /api/v1/tokens                                       admin   -> 422 invalid name is required
            GET     /api/v1/tokens/x                                     admin   -> 405 method-not-allowed method GET is not supported on this path
            DELETE  /api/v1/tokens/x                                     admin   -> 404 not-found token 'x' not found
            DELETE  /api/v1/tokens/x                                     editor  -> 403 forbidden token 'test-editor' has role editor; this request needs admin
            GET     /api/v1/tokens/a/b                                   viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs admin
            GET     /api/v1/tokens/a/b                                   admin   -> 404 not-found no such path
            PUT     /api/v1/proxies                                      admin   -> 405 method-not-allowed method PUT is not supported on this path
            POST    /api/v1/proxies                                      viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs admin
            POST    /api/v1/proxies                                      admin   -> 422 invalid name is required
            GET     /api/v1/proxies                                      viewer  -> 200 application/json
            GET     /api/v1/proxies/                                     viewer  -> 200 application/json
            GET     /api/v1/proxies/nope                                 viewer  -> 404 not-found proxy 'nope' not found
            DELETE  /api/v1/proxies/nope                                 viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs admin
            DELETE  /api/v1/proxies/nope                                 admin   -> 404 not-found proxy 'nope' not found
            PUT     /api/v1/proxies/nope                                 admin   -> 405 method-not-allowed method PUT is not supported on this path
            GET     /api/v1/proxies/x/y                                  viewer  -> 404 not-found no such path: /api/v1/proxies/x/y
            GET     /api/v1/proxies/x/config/y                           viewer  -> 404 not-found no such path: /api/v1/proxies/x/config/y
            GET     /api/v1/proxies/nope/admin/stats                     viewer  -> 404 not-found proxy 'nope' not found
            GET     /api/v1/proxies/edge-1/admin/nope                    viewer  -> 404 not-found no admin page 'nope'; pages: stats, config_dump, clusters, listeners, certs, ready
            GET     /api/v1/proxies/edge-1/admin/stats                   viewer  -> 409 conflict proxy 'edge-1' is of kind ingress: its admin listener is read on its own host (the admin pages are relayed for sidecars and for the ingress gateway of the standalone stack)
            GET     /api/v1/proxies/edge-1/admin/stats/                  viewer  -> 409 conflict proxy 'edge-1' is of kind ingress: its admin listener is read on its own host (the admin pages are relayed for sidecars and for the ingress gateway of the standalone stack)
            POST    /api/v1/proxies/edge-1/admin/stats                   admin   -> 405 method-not-allowed method POST is not supported on this path
            HEAD    /api/v1/proxies/edge-1/admin/stats                   viewer  -> 405 application/problem+json
            GET     /api/v1/proxies/edge-1/admin/stats                   anon    -> 401 unauthorized missing Authorization: Bearer <token>
            GET     /api/v1/proxies/edge-1/admin/stats                   proxy   -> 401 unauthorized unknown or expired token
            GET     /api/v1/proxies/edge-1/admin/stats                   sidecar -> 403 forbidden {sidecar}
            GET     /api/v1/proxies/edge-1/admin                         viewer  -> 404 not-found no such path: /api/v1/proxies/edge-1/admin
            GET     /api/v1/proxies/edge-1/admin/stats/x                 viewer  -> 404 not-found no such path: /api/v1/proxies/edge-1/admin/stats/x
            GET     /api/v1/proxies/edge-1/config                        anon    -> 401 unauthorized missing Authorization: Bearer <proxy token>
            GET     /api/v1/proxies/edge-1/config                        viewer  -> 403 forbidden proxy configs are served to the proxy's own token only, not to API tokens
            GET     /api/v1/proxies/edge-1/config/                       admin   -> 403 forbidden proxy configs are served to the proxy's own token only, not to API tokens
            GET     /api/v1/proxies/edge-1/status                        basic   -> 401 unauthorized missing Authorization: Bearer <proxy token>
            POST    /api/v1/proxies/edge-1/status                        unknown -> 401 unauthorized unknown proxy token
            GET     /api/v1/proxies/other/config                         proxy   -> 403 forbidden this token belongs to proxy 'edge-1', not 'other'
            PUT     /api/v1/proxies/other/status                         proxy   -> 403 forbidden this token belongs to proxy 'edge-1', not 'other'
            POST    /api/v1/proxies/edge-1/config                        proxy   -> 405 method-not-allowed method POST is not supported on this path
            GET     /api/v1/proxies/edge-1/status                        proxy   -> 405 method-not-allowed method GET is not supported on this path
            HEAD    /api/v1/proxies/edge-1/config/                       proxy   -> 405 application/problem+json
            POST    /api/v1/proxies/edge-1/status                        proxy   -> 422 invalid version is required
            POST    /api/v1/proxies/edge-1/status/                       proxy   -> 422 invalid version is required
            GET     /api/v1/proxies/edge-1/config?wait=x                 proxy   -> 400 bad-request wait must be a duration like 30s, 500ms or 1m
            GET     /api/v1/proxies/edge-1                               proxy   -> 401 unauthorized unknown or expired token
            POST    /api/v1/watch                                        viewer  -> 405 method-not-allowed method POST is not supported on this path
            HEAD    /api/v1/watch                                        viewer  -> 405 application/problem+json
            GET     /api/v1/watch?kind=nope                              viewer  -> 400 bad-request unknown kind 'nope'
            GET     /api/v1/watch/?kind=nope                             viewer  -> 400 bad-request unknown kind 'nope'
            GET     /api/v1/watch/x/y?kind=nope                          viewer  -> 400 bad-request unknown kind 'nope'
            DELETE  /api/v1/watch/x                                      viewer  -> 405 method-not-allowed method DELETE is not supported on this path
            GET     /api/v1/watch?kind=nope                              anon    -> 401 unauthorized missing Authorization: Bearer <token>
            GET     /api/v1/workloads                                    admin   -> 405 method-not-allowed method GET is not supported on this path
            GET     /api/v1/workloads                                    sidecar -> 405 method-not-allowed method GET is not supported on this path
            POST    /api/v1/workloads                                    viewer  -> 403 forbidden token 'test-viewer' has role viewer; registering and removing workloads needs admin or a sidecar token
            POST    /api/v1/workloads                                    admin   -> 422 invalid the workload is invalid
            POST    /api/v1/workloads/                                   sidecar -> 422 invalid the workload is invalid
            GET     /api/v1/workloads/rc                                 admin   -> 404 not-found no such path: /api/v1/workloads/rc
            GET     /api/v1/workloads/rc/x/y                             sidecar -> 404 not-found no such path: /api/v1/workloads/rc/x/y
            GET     /api/v1/workloads/rc/nope                            admin   -> 405 method-not-allowed method GET is not supported on this path
            DELETE  /api/v1/workloads/rc/nope                            editor  -> 403 forbidden token 'test-editor' has role editor; registering and removing workloads needs admin or a sidecar token
            DELETE  /api/v1/workloads/rc/nope                            sidecar -> 404 not-found workload rc/nope not found (no Pod and no proxy sidecar.rc.nope)
            DELETE  /api/v1/workloads/rc/nope/                           admin   -> 404 not-found workload rc/nope not found (no Pod and no proxy sidecar.rc.nope)
            DELETE  /api/v1/workloads/other/nope                         sidecar -> 403 forbidden token 'rc-sidecar' may register and remove workloads in namespace rc only, not other
            GET     /readyz                                              sidecar -> 200 text/plain
            GET     /api/v1                                              sidecar -> 403 forbidden {sidecar}
            GET     /api/v1/namespaces/rc/pods                           sidecar -> 403 forbidden {sidecar}
            PUT     /api/v1/namespaces/rc/pods/x                         sidecar -> 403 forbidden {sidecar}
            GET     /api/v1/whoami                                       sidecar -> 403 forbidden {sidecar}
            GET     /nothing/here                                        sidecar -> 403 forbidden {sidecar}
            GET     /api/v1/proxies/edge-1/config                        sidecar -> 403 forbidden proxy configs are served to the proxy's own token only, not to API tokens
            GET     /api/v1/ca                                           viewer  -> 200 application/json
            GET     /api/v1/ca/                                          viewer  -> 200 application/json
            HEAD    /api/v1/ca                                           viewer  -> 405 application/problem+json
            POST    /api/v1/ca                                           editor  -> 405 method-not-allowed method POST is not supported on this path
            GET     /api/v1/ca/x                                         viewer  -> 404 not-found no such path: /api/v1/ca/x
            GET     /api/v1/ca?output=pem                                viewer  -> 200 application/x-pem-file
            GET     /api/v1/certificates                                 editor  -> 405 method-not-allowed method GET is not supported on this path
            POST    /api/v1/certificates                                 viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs editor
            POST    /api/v1/certificates                                 editor  -> 422 invalid csr is required
            POST    /api/v1/certificates/                                editor  -> 422 invalid csr is required
            POST    /api/v1/certificates/x                               editor  -> 404 not-found no such path: /api/v1/certificates/x
            GET     /api/v1/whoami                                       viewer  -> 200 application/json
            GET     /api/v1/whoami/                                      viewer  -> 200 application/json
            POST    /api/v1/whoami                                       viewer  -> 405 method-not-allowed method POST is not supported on this path
            HEAD    /api/v1/whoami                                       viewer  -> 405 application/problem+json
            GET     /api/v1/whoami/x                                     viewer  -> 404 not-found no such path: /api/v1/whoami/x
            GET     /api/v1/nopes                                        viewer  -> 404 unknown-kind unknown resource type 'nopes'; known: {known}
            GET     /api/v1/nopes                                        anon    -> 401 unauthorized missing Authorization: Bearer <token>
            POST    /api/v1/nopes                                        editor  -> 404 unknown-kind unknown resource type 'nopes'; known: {known}
            GET     /api/v1/nopes/x                                      viewer  -> 404 unknown-kind unknown resource type 'nopes'; known: {known}
            GET     /api/v1/nopes/x/y                                    viewer  -> 404 not-found no such path
            GET     /api/v1/nopes/x/status                               viewer  -> 404 unknown-kind unknown resource type 'nopes'; known: {known}
            GET     /api/v1/namespaces                                   viewer  -> 200 application/json
            GET     /api/v1/namespaces/                                  viewer  -> 200 application/json
            GET     /api/v1/namespaces/default                           viewer  -> 404 not-found Namespace default not found
            GET     /api/v1/namespaces/routing-nope                      viewer  -> 404 not-found Namespace routing-nope not found
            PUT     /api/v1/namespaces                                   viewer  -> 405 method-not-allowed method on a collection: name the object in the path is not supported on this path
            GET     /api/v1/namespaces/x/status                          viewer  -> 404 unknown-kind unknown resource type 'status'; known: {known}
            GET     /api/v1/namespaces/default/namespaces                viewer  -> 404 not-found Namespace is cluster-scoped: use /api/v1/namespaces
            GET     /api/v1/namespaces/default/namespaces/x              viewer  -> 404 not-found Namespace is cluster-scoped: use /api/v1/namespaces
            GET     /api/v1/ingresses                                    viewer  -> 200 application/json
            GET     /api/v1/ingresses/                                   viewer  -> 200 application/json
            HEAD    /api/v1/ingresses                                    viewer  -> 405 application/problem+json
            OPTIONS /api/v1/ingresses                                    viewer  -> 405 method-not-allowed method OPTIONS is not supported on this path
            GET     /api/v1/ingresses/x                                  viewer  -> 404 not-found Ingress is namespaced: use /api/v1/namespaces/{namespace}/ingresses/x
            GET     /api/v1/ingresses/x/status                           viewer  -> 404 not-found Ingress is namespaced: use /api/v1/namespaces/{namespace}/ingresses/x
            DELETE  /api/v1/ingresses/x/status                           editor  -> 404 not-found Ingress is namespaced: use /api/v1/namespaces/{namespace}/ingresses/x
            GET     /api/v1/ingresses/x/y                                viewer  -> 404 not-found no such path
            GET     /api/v1/clusters/c1                                  viewer  -> 404 not-found Cluster c1 not found
            GET     /api/v1/clusters/c1/status                           viewer  -> 404 not-found Cluster c1 not found
            POST    /api/v1/clusters/c1/status                           editor  -> 405 method-not-allowed method POST on a status subresource (GET, PUT, PATCH) is not supported on this path
            GET     /api/v1/namespaces/default/clusters                  viewer  -> 404 not-found Cluster is cluster-scoped: use /api/v1/clusters
            GET     /api/v1/namespaces/default/configmaps                viewer  -> 200 application/json
            GET     /api/v1/namespaces/default/configmaps/               viewer  -> 200 application/json
            GET     /api/v1/namespaces/default/configmaps?limit=x        viewer  -> 400 bad-request limit must be a non-negative integer
            GET     /api/v1/namespaces/default/configmaps?labelSelector=a!=b viewer  -> 400 bad-request labelSelector supports only key=value and key terms: 'a!=b'
            POST    /api/v1/namespaces/default/configmaps                editor  -> 405 method-not-allowed method POST is not supported on this path
            PUT     /api/v1/namespaces/default/configmaps                viewer  -> 405 method-not-allowed method on a collection: name the object in the path is not supported on this path
            PATCH   /api/v1/namespaces/default/configmaps                editor  -> 405 method-not-allowed method on a collection: name the object in the path is not supported on this path
            DELETE  /api/v1/namespaces/default/configmaps                viewer  -> 405 method-not-allowed method on a collection: name the object in the path is not supported on this path
            HEAD    /api/v1/namespaces/default/configmaps                viewer  -> 405 application/problem+json
            GET     /api/v1/namespaces/default/configmaps/c              viewer  -> 404 not-found ConfigMap default/c not found
            GET     /api/v1/namespaces/default/configmaps/c/             viewer  -> 404 not-found ConfigMap default/c not found
            HEAD    /api/v1/namespaces/default/configmaps/c              viewer  -> 405 application/problem+json
            POST    /api/v1/namespaces/default/configmaps/c              editor  -> 405 method-not-allowed method POST is not supported on this path
            PUT     /api/v1/namespaces/default/configmaps/c              viewer  -> 403 forbidden token 'test-viewer' has role viewer; this request needs editor
            PUT     /api/v1/namespaces/default/configmaps/c              editor  -> 400 malformed document 1, line 1: apiVersion is required (e.g. "networking.k8s.io/v1")
            PATCH   /api/v1/namespaces/default/configmaps/c              editor  -> 415 unsupported-media-type PATCH needs Content-Type application/merge-patch+json or application/json-patch+json
            DELETE  /api/v1/namespaces/default/configmaps/c              editor  -> 404 not-found ConfigMap default/c not found
            GET     /api/v1/namespaces/default/configmaps/c/status       viewer  -> 404 not-found ConfigMap default/c not found
            POST    /api/v1/namespaces/default/configmaps/c/status       editor  -> 405 method-not-allowed method POST on a status subresource (GET, PUT, PATCH) is not supported on this path
            DELETE  /api/v1/namespaces/default/configmaps/c/status       editor  -> 405 method-not-allowed method DELETE on a status subresource (GET, PUT, PATCH) is not supported on this path
            PATCH   /api/v1/namespaces/default/configmaps/c/status       editor  -> 415 unsupported-media-type PATCH needs Content-Type application/merge-patch+json or application/json-patch+json
            GET     /api/v1/namespaces/default/configmaps/c/x            viewer  -> 404 not-found no such path
            GET     /api/v1/namespaces/default/configmaps/c/status/x     viewer  -> 404 not-found no such path
            GET     /api/v1/namespaces/default/nopes                     viewer  -> 404 unknown-kind unknown resource type 'nopes'; known: {known}
            GET     /api/v1/namespaces/default/nopes/x/status            viewer  -> 404 unknown-kind unknown resource type 'nopes'; known: {known}
            GET     /api/v1/namespaces/a%20b/configmaps/c                viewer  -> 404 not-found ConfigMap a b/c not found
            GET     /api/v1/namespaces/default/configmaps/a%2Fb          viewer  -> 404 not-found no such path
            GET     /api/v1/namespaces/default/meshconfigs/../configmaps viewer  -> 200 application/json
            POST    /webhooks/inject                                     anon    -> 400 bad-request apiVersion: must be admission.k8s.io/v1 (missing)
            POST    /webhooks/validate                                   anon    -> 400 bad-request apiVersion: must be admission.k8s.io/v1 (missing)
            POST    /webhooks/validate                                   unknown -> 400 bad-request apiVersion: must be admission.k8s.io/v1 (missing)
            GET     /webhooks/inject                                     anon    -> 401 unauthorized missing Authorization: Bearer <token>
            GET     /webhooks/inject                                     viewer  -> 405 method-not-allowed method GET is not supported on this path
            POST    /webhooks/inject/                                    anon    -> 401 unauthorized missing Authorization: Bearer <token>
            POST    /webhooks                                            anon    -> 401 unauthorized missing Authorization: Bearer <token>
            POST    /webhooks/other                                      viewer  -> 404 not-found no such path: /webhooks/other
            """;
    private static final String SIDECAR_SCOPE = "token 'rc-sidecar' is a sidecar token for service account rc in"
            + " namespace rc: it may only call POST /api/v1/workloads and DELETE /api/v1/workloads/rc/{name} for"
            + " workloads of that namespace and service account";
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;
    static TestServer t;
    static String proxyToken;
    static String sidecarToken;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        proxyToken = registerProxy("edge-1");
        sidecarToken = SidecarTokenApiTest.sidecarToken(t, "rc-sidecar", "rc", "rc");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @TestFactory
    Stream<DynamicTest> everyRowAnswersAsPinned() {
        return CONTRACT.lines().filter(line -> !line.isBlank()).map(line -> {
            String[] sides = line.split(" -> ", 2);
            String[] request = sides[0].trim().split("\\s+");
            String expected = sides[1].replace("{known}", knownPlurals()).replace("{sidecar}", SIDECAR_SCOPE);
            return DynamicTest.dynamicTest(sides[0].replaceAll("\\s+", " ").trim(), () -> {
                HttpResponse<String> r = send(request[0], request[1], request[2]);
                assertThat(describe(r)).isEqualTo(expected);
                if (isProblem(r)) {
                    assertThat(ApiClient.json(r).at("/instance").asText()).as("instance")
                            .isEqualTo(URI.create(t.viewer.base() + request[1]).getPath());
                }
                if (r.statusCode() == 401) {
                    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(BearerAuth.CHALLENGE);
                }
            });
        });
    }

    @Test
    void refusedWritesAreAuditedWithTheResourceThePathNames() {
        send("PUT", "/api/v1/namespaces/refused/configmaps", "editor");
        send("POST", "/openapi", "editor");
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?verb=rejected&actor=test-editor")).at("/items");
        JsonNode collection = find(rows, "PUT /api/v1/namespaces/refused/configmaps -> 405");
        assertThat(collection.at("/kind").asText()).isEqualTo("ConfigMap");
        assertThat(collection.at("/namespace").asText()).isEqualTo("refused");
        JsonNode openapi = find(rows, "POST /openapi -> 405: method POST is not supported on this path");
        assertThat(openapi.at("/kind").isNull()).isTrue();
    }

    @Test
    void aRefusedMethodOnTheProxyChannelStillCountsAsContact() {
        String token = registerProxy("edge-2");
        assertThat(ApiClient.json(t.viewer.get("/api/v1/proxies/edge-2")).at("/lastSeen").isNull()).isTrue();
        assertThat(t.anonymous.as(token).delete("/api/v1/proxies/edge-2/config").statusCode()).isEqualTo(405);
        assertThat(ApiClient.json(t.viewer.get("/api/v1/proxies/edge-2")).at("/lastSeen").isNull()).isFalse();
    }

    @Test
    void requestMetricsAreLabelledWithRouteTemplates() {
        send("GET", "/api/v1/audit/999999", "viewer");
        send("GET", "/api/v1/namespaces/metrics/configmaps/none", "viewer");
        send("GET", "/api/v1/watch", "anon");
        send("GET", "/api/v1", "viewer");
        send("DELETE", "/metrics", "viewer");
        send("POST", "/readyz", "viewer");
        send("GET", "/readyz", "anon");
        String scrape = t.viewer.get("/metrics").body();
        assertThat(scrape).contains(
                "meshgate_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/audit/{id}\",status=\"404\"}",
                "meshgate_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/namespaces/{ns}/{plural}/{name}\","
                        + "status=\"404\"}",
                "meshgate_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/watch\",status=\"401\"}",
                "meshgate_api_requests_seconds_count{method=\"GET\",route=\"other\",status=\"200\"}",
                "meshgate_api_requests_seconds_count{method=\"DELETE\",route=\"/metrics\",status=\"200\"}",
                "meshgate_api_requests_seconds_count{method=\"POST\",route=\"/readyz\",status=\"404\"}");
        assertThat(scrape).as("the readiness probe is not counted")
                .doesNotContain("meshgate_api_requests_seconds_count{method=\"GET\",route=\"/readyz\",status=\"200\"}");
    }

    @Test
    void aChunkedBodyOverTheSizeLimitFailsAsAProblemDocument() {
        byte[] mebibyte = new byte[1024 * 1024];
        Arrays.fill(mebibyte, (byte) '#');
        // no Content-Length, so the 32 MiB limit is only hit while the route reads the body
        HttpRequest request = t.editor.builder("/api/v1/apply").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(Collections.nCopies(33, mebibyte))).build();
        assertThat(describe(exchange(request)))
                .isEqualTo("500 internal the server failed to handle this request; see its log");
    }

    private static String registerProxy(String name) {
        return ApiClient.json(t.admin.post("/api/v1/proxies", "application/json",
                "{\"name\":\"" + name + "\",\"kind\":\"ingress\"}")).at("/token").asText();
    }

    private static JsonNode find(JsonNode rows, String messagePart) {
        for (JsonNode row : rows) {
            if (row.at("/message").asText().contains(messagePart)) {
                return row;
            }
        }
        throw new AssertionError("no rejected row mentions '" + messagePart + "' in " + rows);
    }

    private static HttpResponse<String> send(String method, String path, String caller) {
        HttpRequest.Builder b = client(caller).builder(path);
        if (caller.equals("basic")) {
            b.header("Authorization", "Basic eDp5");
        }
        boolean body = WITH_BODY.contains(method);
        if (body) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        return exchange(b.build());
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ApiClient client(String caller) {
        return switch (caller) {
            case "anon", "basic" -> t.anonymous;
            case "unknown" -> t.anonymous.as("mgt_nope");
            case "viewer" -> t.viewer;
            case "editor" -> t.editor;
            case "admin" -> t.admin;
            case "proxy" -> t.anonymous.as(proxyToken);
            case "sidecar" -> t.anonymous.as(sidecarToken);
            default -> throw new IllegalArgumentException("unknown caller " + caller);
        };
    }

    private static boolean isProblem(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").equals(Problems.MEDIA_TYPE) && !r.body().isEmpty();
    }

    /** {@code <status> <problem slug> <detail>} for a problem with a body, else {@code <status> <Content-Type>}. */
    private static String describe(HttpResponse<String> r) {
        if (!isProblem(r)) {
            return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("-");
        }
        JsonNode problem = ApiClient.json(r);
        return r.statusCode() + " " + problem.at("/type").asText().substring(Problems.TYPE_PREFIX.length()) + " "
                + problem.at("/detail").asText();
    }

    private static String knownPlurals() {
        return KindRegistry.standard().kinds().stream().map(KindInfo::plural).sorted().collect(Collectors.joining(", "));
    }
}
