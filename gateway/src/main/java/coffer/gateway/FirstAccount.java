package coffer.gateway;

import coffer.gateway.config.ServerConfig;
import coffer.storage.Store;
import coffer.storage.accounts.AccessKeyPair;
import coffer.storage.accounts.NewAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * On first start (no account in the catalog) creates the first account and its access key, taken from
 * {@code COFFER_ACCESS_KEY}/{@code COFFER_SECRET_KEY} when given, and writes them to {@code credentials} in the data
 * directory with mode 0600. Later starts change nothing.
 */
final class FirstAccount {
    static final String ACCOUNT_NAME = "owner";

    private FirstAccount() {
    }

    /** The new key pair when this start created the account; empty when it already existed. */
    static Optional<AccessKeyPair> ensure(Store store, ServerConfig config) throws IOException {
        if (store.accounts().any()) {
            return Optional.empty();
        }
        // The account and its key in one transaction: a failed first start leaves no account without a key.
        AccessKeyPair keys = store.accounts().create(NewAccount.named(ACCOUNT_NAME),
                config.firstKeys().map(ServerConfig.KeyPair::accessKey).orElse(null),
                config.firstKeys().map(ServerConfig.KeyPair::secretKey).orElse(null)).key();
        writeCredentials(config.credentialsFile(), keys);
        return Optional.of(keys);
    }

    private static void writeCredentials(Path file, AccessKeyPair keys) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String text = "# Coffer credentials of the first account (written once, at first start)\n"
                + "access_key=" + keys.accessKeyId() + "\n"
                + "secret_key=" + keys.secretKey() + "\n";
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
