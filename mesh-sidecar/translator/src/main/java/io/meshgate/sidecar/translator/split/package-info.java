/**
 * SMI TrafficSplit ({@code split.smi-spec.io/v1alpha4}) in the client's sidecar: the outbound rule of a
 * split's root Service sends requests (HTTP) or connections (TCP) to the backend Services by weight,
 * optionally only requests that match HTTPRouteGroups ({@link io.meshgate.sidecar.translator.split.TrafficSplitRouting},
 * a {@link io.meshgate.sidecar.translator.ServiceRouting} feature), and the splits' conditions
 * ({@link io.meshgate.sidecar.translator.split.TrafficSplitConditions}).
 */
package io.meshgate.sidecar.translator.split;
