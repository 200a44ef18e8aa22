package io.meshgate.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.meshgate.db.ConflictException;
import io.meshgate.db.RevisionExpiredException;
import io.meshgate.resources.ResourceParseException;

import java.util.List;
import java.lang.System.Logger.Level;

/**
 * The routing's error handlers: whatever a filter or a route throws becomes an RFC 9457 problem
 * document ({@link Problems}). {@link ApiException}s say their status; the store's and the codec's
 * exceptions map to 400, 409 and 410; anything else is a 500 that tells the client nothing but to
 * look at the log. Refused writes are audited ({@link RejectedWriteAudit}).
 */
final class ProblemResponses {
    private static final System.Logger LOG = System.getLogger(ProblemResponses.class.getName());

    private final RejectedWriteAudit rejectedWrites;

    ProblemResponses(RejectedWriteAudit rejectedWrites) {
        this.rejectedWrites = rejectedWrites;
    }

    void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, this::send)
                .error(ResourceParseException.class, (req, res, e) -> send(req, res,
                        new ApiException(400, "malformed", "Bad Request", e.getMessage(),
                                List.of(new ApiException.Detail("", e.problem(), e.documentIndex(), e.line())))))
                .error(ConflictException.class, (req, res, e) -> send(req, res, ApiException.conflict(e.getMessage())))
                .error(RevisionExpiredException.class, (req, res, e) -> send(req, res,
                        new ApiException(410, "expired", "Gone", e.getMessage(), List.of())))
                .error(RuntimeException.class, this::internalError);
    }

    private void internalError(ServerRequest req, ServerResponse res, RuntimeException e) {
        Exchange ex = new Exchange(req, res);
        LOG.log(Level.WARNING, "request " + ex.method + " " + ex.path() + " failed", e);
        send(ex, new ApiException(500, "internal", "Internal Server Error",
                "the server failed to handle this request; see its log", List.of()));
    }

    private void send(ServerRequest req, ServerResponse res, ApiException e) {
        send(new Exchange(req, res), e);
    }

    private void send(Exchange ex, ApiException e) {
        if (ex.res.isSent()) {
            return;
        }
        if (e.status() == 401) {
            ex.res.header(HeaderNames.WWW_AUTHENTICATE, BearerAuth.CHALLENGE);
        }
        rejectedWrites.record(ex, e);
        ex.send(e.status(), Problems.MEDIA_TYPE, Jsons.write(Problems.toJson(e, ex.path())));
    }
}
