package io.meshgate.api;

/**
 * What a route does with one request. Handlers throw {@link ApiException} (or a store exception)
 * to refuse; {@link ProblemResponses} turns that into the problem document.
 */
@FunctionalInterface
interface ExchangeHandler {
    void handle(Exchange ex);
}
