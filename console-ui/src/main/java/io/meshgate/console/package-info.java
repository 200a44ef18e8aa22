/**
 * The Meshgate admin console: Vaadin Flow views on embedded Jetty ({@link io.meshgate.console.ConsoleServer})
 * that do everything through the public admin API with the signed-in user's token
 * ({@link io.meshgate.console.api.ApiClient}). The console knows the REST API only: no server
 * classes; the standalone launcher starts it beside the stack.
 */
package io.meshgate.console;
