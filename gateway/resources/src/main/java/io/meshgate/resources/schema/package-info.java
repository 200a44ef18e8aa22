/**
 * A small schema language for JSON trees ({@link io.meshgate.resources.schema.Schemas}) and the
 * string formats of Kubernetes and FSM ({@link io.meshgate.resources.schema.Formats}). Schemas
 * report {@link io.meshgate.resources.FieldError}s with Kubernetes field paths and messages that
 * say what is allowed; they never throw on user input and never echo it unescaped.
 */
package io.meshgate.resources.schema;
