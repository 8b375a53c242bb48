package coffer.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Live accounts by id with their e-mail addresses, for tests of grantee resolution. An account's canonical id is
 * {@link #idOf}: 64 hex digits that, as the catalog's random ones, do not show the account id.
 */
record MapDirectory(Map<Long, String> emails) implements AccountDirectory {

    /** The canonical id this directory gives account {@code accountId}, whether it holds the account or not. */
    static String idOf(long accountId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("test account " + accountId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public OptionalLong liveWithCanonicalId(String canonicalId) {
        return emails.keySet().stream().filter(id -> idOf(id).equals(canonicalId)).mapToLong(Long::longValue)
                .findFirst();
    }

    @Override
    public List<Long> withEmail(String email) {
        return emails.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(email.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public Optional<String> canonicalId(long accountId) {
        return emails.containsKey(accountId) ? Optional.of(idOf(accountId)) : Optional.empty();
    }
}
