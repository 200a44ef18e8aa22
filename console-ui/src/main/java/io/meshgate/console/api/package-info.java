/**
 * The console's client of the public admin API ({@link io.meshgate.console.api.ApiClient}, java.net.http
 * with the signed-in user's token) and the API's answers as values: kinds, audit pages, problems.
 * Knows the REST API's paths and JSON only: no server classes, no Vaadin.
 */
package io.meshgate.console.api;
