package coffer.s3.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address range as IpAddress/NotIpAddress and {@code aws:SourceIp} use it: {@code 203.0.113.0/24},
 * {@code 2001:db8::/32}, or a single address. Only literals are parsed (never a name lookup). Immutable.
 */
record Cidr(byte[] network, int prefixBits) {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /** The range, or null when {@code text} is not one. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            return null;
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                return null;
            }
        }
        return new Cidr(bytes, bits);
    }

    /** The address's bytes (IPv4-mapped IPv6 addresses as IPv4), or null if it is not an address literal. */
    static byte[] literal(String address) {
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return null;
        }
        if (address.startsWith("[") || address.isEmpty()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    boolean contains(String address) {
        byte[] bytes = literal(address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address);
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    /** Whether the range is wide enough to count as public (AWS: shorter than /8 for IPv4, /32 for IPv6). */
    boolean isWide() {
        return network.length == 4 ? prefixBits < 8 : prefixBits < 32;
    }
}
