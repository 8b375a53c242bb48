package coffer.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name, for the default {@code --gateway-id}. */
final class LocalHost {
    private LocalHost() {
    }

    /** The host name as the resolver knows it, else {@code HOSTNAME}, else {@code localhost}; never blank. */
    static String name() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > ' ' && c <= '~')) {
            return "localhost";
        }
        return name;
    }
}
