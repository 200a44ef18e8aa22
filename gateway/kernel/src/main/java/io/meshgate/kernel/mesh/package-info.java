/**
 * Mesh listeners: the sidecar's transparent listeners. Each connection iptables redirected here is
 * served by where it was going ({@link io.meshgate.kernel.transparent.OriginalDestination}): the
 * first destination rule that selects that address (an IP, a CIDR, or any) serves it as HTTP (the
 * ordinary HTTP proxy, with a router of the rule's own) or as a TCP relay to the rule's cluster; when
 * that rule selects by TLS server name (HTTPS egress) the ClientHello is read first and the first rule
 * that accepts its SNI serves it; a connection no rule selects is relayed to its original destination
 * or closed unanswered. Egress: a rule's original-destination cluster sends the connection (TCP) or
 * each request (HTTP, by the original destination recorded on the connection) where it was going,
 * directly or through an egress gateway's CONNECT or SOCKS5 tunnel; egress that is not allowed is
 * refused like an unserved destination (the connection was accepted already, so FSM's refused connect
 * cannot be reproduced: the client sees an empty reply). Inbound listeners terminate mesh TLS
 * when the client opens with a handshake and know the peer by its verified certificate; each rule's
 * access grants decide who may use it ({@link io.meshgate.kernel.mesh.AccessPolicy}). Above tls,
 * tcp, routing, observe and http; below runtime, which binds the listeners and supplies the
 * connectors ({@link io.meshgate.kernel.mesh.MeshServices}).
 */
package io.meshgate.kernel.mesh;
