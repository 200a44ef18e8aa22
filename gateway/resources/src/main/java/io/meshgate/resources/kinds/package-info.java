/**
 * One validator per kind, each a schema of the kind's fields plus the cross-field rules Kubernetes
 * or FSM apply. They are registered in {@link io.meshgate.resources.KindRegistry}.
 */
package io.meshgate.resources.kinds;
