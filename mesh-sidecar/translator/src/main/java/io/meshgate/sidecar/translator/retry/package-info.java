/**
 * policy.flomesh.io Retry policies on the sidecar: the retry filter on the source workload's outbound
 * routes to the policy's Services, and the policies' conditions.
 */
package io.meshgate.sidecar.translator.retry;
