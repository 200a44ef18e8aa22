package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Role;
import io.meshgate.resources.ParsedDocument;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/apply}: every document is validated first; then all are stored in one
 * transaction, or none when any is invalid. {@code ?dryRun=true} only reports what would change.
 * {@code ?namespace=NS} ({@code kubectl apply -n NS}) is the namespace of namespaced objects that name
 * none (else {@code default}); an object naming another namespace is refused, as kubectl does.
 */
final class ApplyService implements EndpointsService {
    private final ResourceCodec codec;
    private final ResourceWrites writes;
    private final Endpoints endpoints;

    ApplyService(ResourceCodec codec, ResourceWrites writes) {
        this.codec = codec;
        this.writes = writes;
        this.endpoints = Endpoints.builder()
                .path("/").post(this::apply)
                .otherPaths(Endpoints.NO_SUCH_PATH)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/apply";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void apply(Exchange ex) {
        ex.caller.require(Role.EDITOR);
        boolean dryRun = ex.flag("dryRun");
        String requested = ex.query("namespace").filter(ns -> !ns.isBlank()).orElse(null);
        List<ParsedDocument> docs = codec.parseDocuments(ex.body());
        List<ResourceWrites.Candidate> candidates = new ArrayList<>();
        List<ApiException.Detail> errors = new ArrayList<>();
        for (ParsedDocument doc : docs) {
            Resource resource = doc.resource().withDefaultNamespace(requested == null ? "default" : requested);
            if (requested != null && resource.namespace() != null && !resource.namespace().equals(requested)) {
                errors.add(new ApiException.Detail("metadata.namespace", "the namespace of the object \""
                        + resource.namespace() + "\" does not match the namespace \"" + requested
                        + "\" of the request", doc.documentIndex(), doc.line()));
                continue;
            }
            try {
                candidates.add(writes.prepare(resource, doc.documentIndex(), doc.line(), doc::lineOf));
            } catch (ApiException e) {
                errors.addAll(e.errors().isEmpty()
                        ? List.of(new ApiException.Detail("", e.getMessage(), doc.documentIndex(), doc.line()))
                        : e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors.size() + " error(s) in " + docs.size()
                    + " document(s); nothing was applied", errors);
        }
        List<WriteOutcome> outcomes = dryRun ? writes.dryRun(candidates) : writes.apply(ex.caller.actor(), candidates);
        ObjectNode response = Jsons.MAPPER.createObjectNode();
        response.put("dryRun", dryRun);
        ArrayNode results = response.putArray("results");
        for (int i = 0; i < candidates.size(); i++) {
            Resource r = candidates.get(i).resource();
            WriteOutcome o = outcomes.get(i);
            ObjectNode item = results.addObject();
            item.put("kind", r.kind());
            if (candidates.get(i).info().namespaced()) {
                item.put("namespace", r.namespace());
            }
            item.put("name", r.name());
            item.put("result", o.result().wireName());
            if (o.after() != null) {
                item.put("resourceVersion", String.valueOf(o.after().resourceVersion()));
            }
            if (dryRun && o.patch() != null) {
                item.set("patch", Jsons.readStoredArray(o.patch()));
            }
        }
        ex.sendJson(200, response);
    }
}
