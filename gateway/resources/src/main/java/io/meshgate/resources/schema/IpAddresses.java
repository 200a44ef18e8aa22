package io.meshgate.resources.schema;

/**
 * Pure-text IP address and CIDR checks. {@code InetAddress.getByName} is not used on purpose: it
 * resolves names through DNS, which a validator must never do.
 */
public final class IpAddresses {
    private IpAddresses() {}

    /** True for an IPv4 dotted quad (no leading zeros) or an IPv6 literal without zone. */
    public static boolean isIp(String value) {
        return value.indexOf(':') >= 0 ? isIpv6(value) : isIpv4(value);
    }

    /** True for {@code address/prefix} with prefix 0..32 (IPv4) or 0..128 (IPv6). */
    public static boolean isCidr(String value) {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash != value.lastIndexOf('/')) {
            return false;
        }
        String address = value.substring(0, slash);
        String prefix = value.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)
                || (prefix.length() > 1 && prefix.charAt(0) == '0')) {
            return false;
        }
        int bits = Integer.parseInt(prefix);
        if (address.indexOf(':') >= 0) {
            return isIpv6(address) && bits <= 128;
        }
        return isIpv4(address) && bits <= 32;
    }

    static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                return false; // leading zeros are ambiguous (octal to some parsers), Kubernetes rejects them too
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String value) {
        if (value.isEmpty() || value.length() > 45) {
            return false;
        }
        String hex = value;
        int lastColon = value.lastIndexOf(':');
        String lastPart = value.substring(lastColon + 1);
        if (lastPart.indexOf('.') >= 0) {
            // an embedded IPv4 tail (::ffff:10.0.0.1) stands for two 16-bit groups
            if (!isIpv4(lastPart)) {
                return false;
            }
            hex = value.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = hex.indexOf("::");
        if (doubleColon < 0) {
            String[] groups = hex.split(":", -1);
            return groups.length == 8 && allGroups(groups);
        }
        if (hex.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = hex.substring(0, doubleColon);
        String tail = hex.substring(doubleColon + 2);
        String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        return allGroups(headGroups) && allGroups(tailGroups) && headGroups.length + tailGroups.length <= 7;
    }

    private static boolean allGroups(String[] groups) {
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(IpAddresses::isHex)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
