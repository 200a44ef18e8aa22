package io.meshgate.api;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi}: the OpenAPI 3 description of this API ({@code openapi.yaml} on the class
 * path), to any authenticated caller. OpenApiDocumentTest keeps it valid and in step with the
 * route table.
 */
final class OpenApiService implements EndpointsService {
    static final String RESOURCE = "/openapi.yaml";

    private final String document = load();
    private final Endpoints endpoints = Endpoints.builder()
            .path("/").get(ex -> ex.send(200, Exchange.YAML, document))
            .build();

    @Override
    public String mountPath() {
        return "/openapi";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    /** The document as served. */
    static String load() {
        try (InputStream in = OpenApiService.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
