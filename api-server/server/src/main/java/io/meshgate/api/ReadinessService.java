package io.meshgate.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.meshgate.db.Database;

import java.util.List;

/**
 * {@code GET /readyz}: 200 when the database answers, else 503; no token needed, so load balancers
 * and process supervisors can probe it. Only this exact request is the probe: any other method, or
 * {@code /readyz/}, is an ordinary request of the API (token first, then 404).
 */
final class ReadinessService implements ApiService {
    static final String PATH = "/readyz";

    private final Database db;

    ReadinessService(Database db) {
        this.db = db;
    }

    /** True for the requests this service answers, which the filters let through untouched. */
    static boolean answers(ServerRequest req) {
        return req.prologue().method().equals(Method.GET) && req.path().path().equals(PATH);
    }

    @Override
    public String mountPath() {
        return "/";
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(new ApiRoute(Method.GET.text(), PATH));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::ready);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean up = db.ping();
        res.status(up ? 200 : 503);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain");
        res.send(up ? "ok\n" : "database unavailable\n");
    }
}
