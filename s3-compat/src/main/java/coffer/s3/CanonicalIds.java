package coffer.s3;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How an account appears on the wire: its canonical user id, 64 lowercase hex digits drawn at random when the
 * account was made (catalog V15) and kept by the catalog, as opaque as AWS's: it tells nothing about the account's
 * sequential id, how many accounts there are, or when it was made. The same string is its display name
 * (Owner/DisplayName, Grantee/DisplayName), so the two always line up. An account's id never changes, so ids are
 * cached (up to {@value #CACHE_SIZE} accounts, then the cache starts over). Thread-safe.
 */
final class CanonicalIds {
    static final int CACHE_SIZE = 10_000;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final AccountDirectory directory;
    private final Map<Long, String> cache = new ConcurrentHashMap<>();

    public CanonicalIds(AccountDirectory directory) {
        this.directory = directory;
    }

    /** The account's canonical id; {@link IllegalStateException} when the catalog has none for it. */
    public String of(long accountId) {
        String cached = cache.get(accountId);
        if (cached != null) {
            return cached;
        }
        String id = directory.canonicalId(accountId).orElseThrow(
                () -> new IllegalStateException("account " + accountId + " has no canonical id"));
        if (cache.size() >= CACHE_SIZE) {
            cache.clear();
        }
        cache.put(accountId, id);
        return id;
    }

    /** Whether {@code id} has the shape of a canonical id (64 hex digits), the check before any lookup. */
    public static boolean isWellFormed(String id) {
        return id != null && HEX64.matcher(id).matches();
    }

    /** The form ids are stored and compared in: trimmed, lowercase. */
    public static String normalize(String id) {
        return id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    }
}
