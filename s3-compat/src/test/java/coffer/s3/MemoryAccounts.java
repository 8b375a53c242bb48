package coffer.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;

/**
 * Accounts 1..{@code count} for grantee resolution in handler tests: account {@code n} has the e-mail address
 * {@code account-n@example.com} and, as the catalog's random ones, a canonical id of 64 hex digits that does not
 * show its number.
 */
public record MemoryAccounts(int count) implements AccountDirectory {
    public static String canonicalIdOf(long accountId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("memory account " + accountId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public OptionalLong liveWithCanonicalId(String canonicalId) {
        return LongStream.rangeClosed(1, count).filter(id -> canonicalIdOf(id).equals(canonicalId)).findFirst();
    }

    @Override
    public List<Long> withEmail(String email) {
        return LongStream.rangeClosed(1, count).filter(id -> ("account-" + id + "@example.com").equals(email))
                .boxed().toList();
    }

    @Override
    public Optional<String> canonicalId(long accountId) {
        return accountId >= 1 && accountId <= count ? Optional.of(canonicalIdOf(accountId)) : Optional.empty();
    }
}
