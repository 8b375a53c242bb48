package coffer.gateway.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The account the gateway uses in its embedded MariaDB: {@code 'coffer'@'127.0.0.1'} with a random password kept
 * in {@code DATA-DIR/db/password} (mode 0600), and every privilege on the catalog database {@code coffer} but none
 * beyond it: no FILE (so no {@code SELECT ... INTO DUMPFILE}), no SUPER, no access to {@code mysql.*}.
 *
 * <p>{@link #initSql()} is what mysqld runs from {@code --init-file} at every start, before it accepts a connection:
 * it creates the catalog and the account if missing, sets the password from the file (so a lost file only means a
 * new password), and puts the privileges back to exactly the above. It also removes what the install script leaves
 * open: anonymous accounts and the grants of {@code test} and {@code test_%} to everyone. The superuser accounts
 * the install creates ({@code root@localhost} and the installing OS user's {@code @localhost}) are left alone:
 * they authenticate by the peer's OS user (unix_socket) over the socket in the private data directory, so only
 * that OS user, who can read the data files anyway, and root can use them.
 *
 * <p>{@link #toString()} never shows the password. Immutable.
 */
public record CatalogAccount(String user, String password) {
    public static final String USER = "coffer";
    public static final String HOST = "127.0.0.1";
    public static final String DATABASE = "coffer";
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{32,128}");
    private static final int RANDOM_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    public CatalogAccount {
        // Checked because it goes into SQL text (initSql): a password from a tampered file must not add statements.
        if (!PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("the embedded database's password file holds no valid password");
        }
    }

    /**
     * The account whose password is in {@code file}, which is created (0600, 32 random bytes, base64url) when
     * missing; an existing file readable by others is narrowed to 0600.
     */
    public static CatalogAccount loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] bytes = new byte[RANDOM_BYTES];
            random.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(tmp, password + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp); // another start created it meanwhile: use theirs
            }
        }
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        return new CatalogAccount(USER, Files.readString(file, StandardCharsets.US_ASCII).strip());
    }

    /** The statements of mysqld's {@code --init-file}: one per line, each idempotent and unable to fail. */
    public String initSql() {
        String account = "'" + USER + "'@'" + HOST + "'";
        return String.join("\n",
                "CREATE DATABASE IF NOT EXISTS `" + DATABASE + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;",
                "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "';",
                "ALTER USER " + account + " IDENTIFIED BY '" + password + "';",
                "REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + account + ";",
                "GRANT ALL PRIVILEGES ON `" + DATABASE + "`.* TO " + account + ";",
                "DELETE FROM mysql.global_priv WHERE User = '';",
                "DELETE FROM mysql.db WHERE User IN ('', 'PUBLIC') AND Db IN ('test', 'test\\\\_%');",
                "FLUSH PRIVILEGES;",
                "");
    }

    @Override
    public String toString() {
        return "CatalogAccount[user=" + user + ", password=<redacted>]";
    }
}
