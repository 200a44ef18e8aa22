/**
 * Mesh listeners: the sidecar's transparent listeners. Each connection iptables redirected here is
 * served by where it was going ({@link io.meshgate.kernel.transparent.OriginalDestination}): the
 * first destination rule that selects that address serves it as HTTP (the ordinary HTTP proxy, with
 * a router of the rule's own) or as a TCP relay to the rule's cluster; a connection no rule selects
 * is relayed to its original destination or closed unanswered. Inbound listeners terminate mesh TLS
 * when the client opens with a handshake and know the peer by its verified certificate; each rule's
 * access grants decide who may use it ({@link io.meshgate.kernel.mesh.AccessPolicy}). Above tls,
 * tcp, routing, observe and http; below runtime, which binds the listeners and supplies the
 * connectors ({@link io.meshgate.kernel.mesh.MeshServices}).
 */
package io.meshgate.kernel.mesh;
