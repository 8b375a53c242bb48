package coffer.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalog form of an {@link Acl}, which the storage engine keeps as an opaque ASCII string:
 * {@code acl1 o:<owner account id>} followed by one {@code u:<account id>:<PERMISSION>} or
 * {@code g:<GROUP>:<PERMISSION>} per grant, space separated, in order. 100 grants fit the catalog's 4096
 * characters. Rows written before full ACLs hold {@code private} or {@code public-read}, which still decode, owned
 * by the bucket's owner. This format is stored: never change what an existing string means. Stateless.
 */
final class StoredAcl {
    private static final String VERSION = "acl1";

    private StoredAcl() {
    }

    /**
     * The stored form; the two ACLs that have a legacy name when owned by {@code legacyOwner} (the bucket's
     * owner) are stored under it, so that most rows stay short and readable by older versions.
     */
    public static String encode(Acl acl, long legacyOwner) {
        if (acl.equals(Acl.privateTo(legacyOwner))) {
            return "private";
        }
        if (acl.equals(CannedAcl.PUBLIC_READ.toAcl(legacyOwner, legacyOwner))) {
            return "public-read";
        }
        StringBuilder s = new StringBuilder(VERSION).append(" o:").append(acl.ownerId());
        for (Grant g : acl.grants()) {
            s.append(' ');
            if (g.grantee() instanceof CanonicalUser u) {
                s.append("u:").append(u.accountId());
            } else {
                s.append("g:").append(((Group) g.grantee()).name());
            }
            s.append(':').append(g.permission().name());
        }
        return s.toString();
    }

    /**
     * The ACL of a stored string; {@code legacyOwner} owns the ACLs stored as a bare canned name. A string this
     * class did not write is an {@link IllegalStateException}: access is refused rather than guessed.
     */
    public static Acl decode(String stored, long legacyOwner) {
        if (stored.equals("private")) {
            return Acl.privateTo(legacyOwner);
        }
        if (stored.equals("public-read")) {
            return CannedAcl.PUBLIC_READ.toAcl(legacyOwner, legacyOwner);
        }
        String[] parts = stored.split(" ");
        if (parts.length < 2 || !parts[0].equals(VERSION) || !parts[1].startsWith("o:")) {
            throw corrupt();
        }
        try {
            long owner = Long.parseLong(parts[1].substring(2));
            List<Grant> grants = new ArrayList<>(parts.length - 2);
            for (int i = 2; i < parts.length; i++) {
                String[] f = parts[i].split(":");
                if (f.length != 3) {
                    throw corrupt();
                }
                Grantee grantee = switch (f[0]) {
                    case "u" -> new CanonicalUser(Long.parseLong(f[1]));
                    case "g" -> Group.valueOf(f[1]);
                    default -> throw corrupt();
                };
                grants.add(new Grant(grantee, Permission.valueOf(f[2])));
            }
            return new Acl(owner, grants);
        } catch (IllegalArgumentException e) {
            throw corrupt();
        }
    }

    private static IllegalStateException corrupt() {
        return new IllegalStateException("stored ACL is not in a known format");
    }
}
