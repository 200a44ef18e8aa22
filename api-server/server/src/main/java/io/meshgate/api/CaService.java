package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.db.Role;


/**
 * {@code GET /api/v1/ca} (viewer): the mesh CA certificate, never its key, as JSON
 * {@code {caCrt, info}} or the PEM alone with {@code ?output=pem} or {@code Accept: application/x-pem-file}.
 */
final class CaService implements EndpointsService {
    private final CertificateAuthority ca;
    private final Endpoints endpoints;

    CaService(CertificateAuthority ca) {
        this.ca = ca;
        this.endpoints = Endpoints.builder()
                .path("/").get(this::caCertificate)
                .otherPaths(Endpoints.NO_SUCH_PATH)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/ca";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void caCertificate(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        if (CertificateService.wantsPem(ex)) {
            ex.send(200, CertificateService.PEM, ca.caPem());
            return;
        }
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("caCrt", ca.caPem());
        out.set("info", CertificateService.infoJson(ca.info()));
        ex.sendJson(200, out);
    }
}
