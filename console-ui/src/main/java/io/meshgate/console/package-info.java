/**
 * The Meshgate admin console: Vaadin Flow views on embedded Jetty ({@link io.meshgate.console.ConsoleServer})
 * that do everything through the public admin API with the signed-in user's token
 * ({@link io.meshgate.console.api.ApiClient}), and {@link io.meshgate.console.MeshgateMain}, the
 * launcher of the standalone stack plus the console.
 */
package io.meshgate.console;
