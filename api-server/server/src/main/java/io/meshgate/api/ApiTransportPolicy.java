package io.meshgate.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides how the admin API listens from its bind address and TLS flags, without touching the
 * network: tokens and proxy configs (which carry private keys) cross this channel, so they must not
 * travel in clear text beyond this host unless the operator says so explicitly.
 */
public final class ApiTransportPolicy {

    /** What the API does. */
    public enum Transport { PLAIN, TLS, REFUSE }

    private ApiTransportPolicy() {}

    /**
     * {@code auto}: TLS unless {@code bind} is loopback; {@code on}: TLS; {@code off}: plain on
     * loopback, and beyond it only with {@code insecureAllowPlaintext}, else REFUSE.
     */
    public static Transport decide(String bind, ApiTlsMode mode, boolean insecureAllowPlaintext) {
        boolean loopback = isLoopback(bind);
        return switch (mode) {
            case ON -> Transport.TLS;
            case AUTO -> loopback ? Transport.PLAIN : Transport.TLS;
            case OFF -> loopback || insecureAllowPlaintext ? Transport.PLAIN : Transport.REFUSE;
        };
    }

    /** What to tell the operator when {@link #decide} refuses. */
    public static String refusal(String bind) {
        return "refusing to serve the admin API in plain HTTP on " + bind + ", which is not a loopback address:"
                + " API tokens and proxy configs (with private keys) would cross the network unencrypted."
                + " Use --api-tls auto (or on), or add --insecure-allow-plaintext if a TLS proxy in front"
                + " of this host already encrypts the traffic";
    }

    /**
     * True for {@code localhost} and loopback IP literals ({@code 127.0.0.0/8}, {@code ::1}). Other
     * host names count as non-loopback: they are not resolved, since DNS may answer anything.
     */
    public static boolean isLoopback(String bind) {
        String host = bind.trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (!isIpLiteral(host)) {
            return false;
        }
        try {
            // only literals get here, and getByName parses a literal without asking DNS
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
