package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Page;
import io.meshgate.db.Role;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;

import java.util.List;

/**
 * The resources: GET, PUT, PATCH and DELETE on {@code /api/v1/[namespaces/{namespace}/]{plural}[/{name}]},
 * and the {@code .../{name}/status} subresource ({@link StatusHandlers}). Mounted at {@code /api/v1}
 * after every other service there, since {@code /{plural}} takes any first segment.
 *
 * <p>The namespaced paths are declared first: {@code /namespaces/x/status} is the collection
 * {@code status} in namespace {@code x} (an unknown kind), not the status of the Namespace {@code x},
 * as the API has always read it. On every path the kind and scope are checked (404) before the
 * method (405) and the role (403).
 */
final class ResourceService implements EndpointsService {
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    private static final String NAMESPACED = "/namespaces/{namespace}";
    private static final String COLLECTION = "/{plural}";
    private static final String OBJECT = COLLECTION + "/{name}";
    private static final String STATUS = OBJECT + "/" + PathTarget.STATUS;

    private final ResourceReads store;
    private final ResourceCodec codec;
    private final StoredBodies bodies;
    private final ResourceWrites writes;
    private final KindRegistry kinds;
    private final Endpoints endpoints;

    ResourceService(ResourceReads store, ResourceCodec codec, StoredBodies bodies, ResourceWrites writes,
                    KindRegistry kinds) {
        this.store = store;
        this.codec = codec;
        this.bodies = bodies;
        this.writes = writes;
        this.kinds = kinds;
        StatusHandlers status = new StatusHandlers(this, writes);
        Endpoints.Builder b = Endpoints.builder();
        for (String scope : List.of(NAMESPACED, "")) {
            b.path(scope + COLLECTION).get(this::list).otherMethods(this::refuseOnCollection)
                    .path(scope + OBJECT).get(this::get).put(this::put).patch(this::patch).delete(this::delete)
                    .otherMethods(ex -> {
                        target(ex, false); // an unknown kind or scope is a 404 before any 405
                        throw ApiException.methodNotAllowed(ex.method);
                    })
                    .path(scope + STATUS).get(status::get).put(status::put).patch(status::patch)
                    .otherMethods(ex -> {
                        target(ex, true);
                        throw ApiException.methodNotAllowed(ex.method + " on a status subresource (GET, PUT, PATCH)");
                    });
        }
        this.endpoints = b.otherPaths(ex -> {
            throw ApiException.notFound("no such path");
        }).build();
    }

    @Override
    public String mountPath() {
        return "/api/v1";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    /** What the request's path names; 404 for an unknown kind or the wrong scope. */
    PathTarget target(Exchange ex, boolean status) {
        return PathTarget.resolve(ex.pathParam("namespace").orElse(null), ex.pathParam("plural").orElseThrow(),
                ex.pathParam("name").orElse(null), status, kinds);
    }

    /** Writes name an object: a collection refuses them with a hint, other methods plainly. */
    private void refuseOnCollection(Exchange ex) {
        target(ex, false);
        boolean write = ex.method.equals("PUT") || ex.method.equals("PATCH") || ex.method.equals("DELETE");
        throw ApiException.methodNotAllowed(write ? "on a collection: name the object in the path" : ex.method);
    }

    private void get(Exchange ex) {
        PathTarget t = target(ex, false);
        ex.caller.require(Role.VIEWER);
        sendStored(ex, t);
    }

    /** Sends one stored object; 404 when it does not exist. */
    void sendStored(Exchange ex, PathTarget t) {
        StoredObject found = store.get(t.info().kind(), t.storeNamespace(), t.name())
                .orElseThrow(() -> ApiException.notFound(
                        ResourceWrites.describe(t.info().kind(), t.storeNamespace(), t.name()) + " not found"));
        sendObject(ex, 200, found);
    }

    private void list(Exchange ex) {
        PathTarget t = target(ex, false);
        ex.caller.require(Role.VIEWER);
        LabelSelector selector = LabelSelector.parse(ex.query("labelSelector").orElse(null));
        String ns = t.info().namespaced() ? t.namespace() : "";
        Page<StoredObject> page;
        try {
            page = store.list(t.info().kind(), ns, selector.equals(), selector.exists(), ex.intQuery("limit", 0),
                    ex.query("continue").orElse(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        boolean secrets = ex.caller.seesSecrets();
        if (ex.wantsYaml()) {
            List<Resource> items = page.items().stream()
                    .map(o -> codec.fromJson(Jsons.readStored(bodies.body(o, secrets)))).toList();
            ex.send(200, Exchange.YAML, codec.toYaml(items));
            return;
        }
        ObjectNode list = Jsons.MAPPER.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", t.info().kind() + "List");
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(page.revision()));
        if (page.hasMore()) {
            meta.put("continue", page.continueToken());
        }
        ArrayNode items = list.putArray("items");
        for (StoredObject o : page.items()) {
            items.add(Jsons.readStored(bodies.body(o, secrets)));
        }
        ex.sendJson(200, list);
    }

    private void put(Exchange ex) {
        PathTarget t = target(ex, false);
        ex.caller.require(Role.EDITOR);
        Resource body = parsePutBody(ex, t);
        ResourceWrites.Candidate c = writes.prepare(body, 0, 0, null);
        WriteOutcome outcome = writes.put(ex.caller.actor(), c, ex.ifMatch());
        sendObject(ex, outcome.result() == WriteOutcome.Result.CREATED ? 201 : 200, outcome.after());
    }

    private void patch(Exchange ex) {
        PathTarget t = target(ex, false);
        ex.caller.require(Role.EDITOR);
        var patch = Jsons.read(ex.body());
        WriteOutcome outcome = writes.patch(ex.caller.actor(), t.info(), t.storeNamespace(), t.name(), patchType(ex),
                patch, ex.ifMatch());
        sendObject(ex, 200, outcome.after());
    }

    /** The patch kind named by the request's Content-Type; 415 for any other. */
    static ResourceWrites.PatchType patchType(Exchange ex) {
        return switch (ex.contentType()) {
            case MERGE_PATCH -> ResourceWrites.PatchType.MERGE;
            case JSON_PATCH -> ResourceWrites.PatchType.JSON;
            default -> throw ApiException.unsupportedMediaType("PATCH needs Content-Type " + MERGE_PATCH + " or "
                    + JSON_PATCH);
        };
    }

    private void delete(Exchange ex) {
        PathTarget t = target(ex, false);
        ex.caller.require(Role.EDITOR);
        WriteOutcome outcome = writes.delete(ex.caller.actor(), t.info(), t.storeNamespace(), t.name(), ex.ifMatch());
        ObjectNode status = Jsons.MAPPER.createObjectNode();
        status.put("kind", "Status");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("kind", t.info().kind());
        details.put("name", t.name());
        if (t.info().namespaced()) {
            details.put("namespace", t.namespace());
        }
        details.put("uid", outcome.before().uid());
        ex.sendJson(200, status);
    }

    /**
     * A PUT's body (of the object or its status): exactly one object, namespaced by the path when it
     * names none, whose kind, namespace and name are the path's.
     */
    Resource parsePutBody(Exchange ex, PathTarget t) {
        List<Resource> parsed = parseBody(ex);
        if (parsed.size() != 1) {
            throw ApiException.badRequest("PUT takes exactly one object, got " + parsed.size());
        }
        Resource body = parsed.get(0);
        if (t.info().namespaced() && (body.namespace() == null || body.namespace().isEmpty())) {
            body = body.withMetadata(body.metadata().withNamespace(t.namespace()));
        }
        PathTarget.checkIdentity(body, t.info(), t.namespace(), t.name());
        return body;
    }

    /** The request body as resources (JSON or YAML); 415 for other media types. */
    List<Resource> parseBody(Exchange ex) {
        String ct = ex.contentType();
        String text = ex.body();
        if (ct.isEmpty() || ct.equals(Exchange.JSON) || ct.contains("yaml")) {
            return ct.equals(Exchange.JSON) ? codec.parseJson(text) : codec.parse(text);
        }
        throw ApiException.unsupportedMediaType("send the object as " + Exchange.JSON + " or " + Exchange.YAML);
    }

    /** Writes one stored object as JSON or YAML with its ETag. */
    void sendObject(Exchange ex, int status, StoredObject o) {
        ex.etag(o.resourceVersion());
        String body = bodies.body(o, ex.caller.seesSecrets());
        if (ex.wantsYaml()) {
            ex.send(status, Exchange.YAML, codec.toYaml(codec.fromJson(Jsons.readStored(body))));
        } else {
            ex.send(status, Exchange.JSON, body);
        }
    }

}
