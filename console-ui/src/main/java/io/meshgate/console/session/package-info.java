/**
 * Who is signed in: {@link io.meshgate.console.session.ConsoleSession} holds the API's answer to the
 * token and a client that sends it, in the server-side session only, and
 * {@link io.meshgate.console.session.SignInGuard} sends every navigation without one to sign-in.
 * What a token may do is the API's decision, never the console's.
 */
package io.meshgate.console.session;
