package coffer.storage;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who this gateway is, in the one form every part uses (docs/operations.md, "Several gateways"):
 * {@code name} is the operator's {@code --gateway-id} (default host:port of the S3 listener), shown in logs, metrics
 * and request ids; {@code instance} is that name plus a random suffix drawn at each start, the holder's name in the
 * catalog: a quota reservation's {@code gateway} column and the background-work lease. A restarted gateway, or a
 * second process started by mistake with the same name, is therefore never taken for the one before it.
 *
 * @param name     1 to {@value #MAX_NAME} printable ASCII characters, no spaces
 * @param instance {@code name/xxxxxxxx} (8 random hex digits)
 */
public record GatewayIdentity(String name, String instance) {
    /** The longest name: with its suffix it fits the catalog's 64-character holder columns. */
    public static final int MAX_NAME = 48;

    public GatewayIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instance, "instance");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("a gateway id must be 1 to " + MAX_NAME
                    + " printable ASCII characters without spaces");
        }
        if (!instance.startsWith(name + "/") || instance.length() > 64) {
            throw new IllegalArgumentException("an instance name is the gateway id, a slash and a suffix");
        }
    }

    /** This start of gateway {@code name}, with a fresh random suffix. */
    public static GatewayIdentity start(String name, SecureRandom random) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        return new GatewayIdentity(name, name + "/" + HexFormat.of().formatHex(suffix));
    }

    /** For an engine used without a gateway (tools, tests): {@code pid-N}. */
    public static GatewayIdentity anonymous(SecureRandom random) {
        return start("pid-" + ProcessHandle.current().pid(), random);
    }

    /** 1 to {@value #MAX_NAME} characters, each printable ASCII other than the space. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return instance;
    }
}
