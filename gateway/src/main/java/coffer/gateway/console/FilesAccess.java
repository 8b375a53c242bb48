package coffer.gateway.console;

import coffer.gateway.console.ConsoleSessions.Session;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import coffer.storage.StoreException;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.Accounts;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;

/**
 * What every files endpoint of the console checks (docs/console.md, "Files"): the session, that the bucket is the
 * signed-in account's (another account's bucket answers exactly as a missing one, 404 NoSuchBucket), that a key is
 * 1 to 1024 bytes, and the engine's refusals said in the console's words.
 */
final class FilesAccess {
    static final int MAX_KEY_BYTES = 1024;

    private final ObjectStorage storage;
    private final Accounts accounts;

    FilesAccess(ObjectStorage storage, Accounts accounts) {
        this.storage = storage;
        this.accounts = accounts;
    }

    ObjectStorage storage() {
        return storage;
    }

    static Session session(ContainerRequestContext request) {
        return ConsoleFilter.session(request).orElseThrow(ConsoleException::noSession);
    }

    /** The signed-in account's bucket {@code name}: 404 NoSuchBucket when missing or another account's. */
    Bucket owned(ContainerRequestContext request, String name) {
        Session session = session(request);
        return storage.findBucket(name).filter(b -> b.ownerId() == session.accountId())
                .orElseThrow(() -> new ConsoleException(404, "NoSuchBucket", "no such bucket", null));
    }

    /** The account's quota and usage as they are now. */
    AccountInfo account(long accountId) {
        return accounts.findById(accountId).orElseThrow(ConsoleException::unavailable);
    }

    /** {@code key} if it is 1 to 1024 bytes of UTF-8, else 400 InvalidKey naming {@code field}. */
    static String key(String key, String field) {
        if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ConsoleException.badField("InvalidKey", field, "a file name is 1 to 1024 bytes");
        }
        return key;
    }

    /** The engine's refusal {@code e} as the console says it; unexpected reasons are rethrown (500). */
    static RuntimeException refusal(StoreException e) {
        return switch (e.reason()) {
            case QUOTA_EXCEEDED -> quotaExceeded("this does not fit in your storage; delete something first");
            case INSUFFICIENT_STORAGE -> new ConsoleException(507, "InsufficientStorage",
                    "the service's disks are full; try again later", null);
            case NO_SUCH_BUCKET -> new ConsoleException(404, "NoSuchBucket", "no such bucket", null);
            case NO_SUCH_KEY -> new ConsoleException(404, "NoSuchKey", "no such file", null);
            case NO_SUCH_UPLOAD -> new ConsoleException(404, "NoSuchUpload",
                    "this upload is no longer open (finished, cancelled or expired); start it again", null);
            case KEY_TOO_LONG -> ConsoleException.badField("InvalidKey", "key", "a file name is 1 to 1024 bytes");
            case TOO_MANY_UPLOADS -> new ConsoleException(409, "TooManyUploads",
                    "you have too many unfinished uploads; wait for some to finish or expire", null);
            case PRECONDITION_FAILED, CONDITIONAL_REQUEST_CONFLICT, SOURCE_CHANGED -> new ConsoleException(409,
                    "Conflict", "the file changed meanwhile; reload and try again", null);
            case UNAVAILABLE -> ConsoleException.unavailable();
            default -> e;
        };
    }

    static ConsoleException quotaExceeded(String message) {
        return new ConsoleException(403, "QuotaExceeded", message, null);
    }

    /** Bytes as the pages show them (units.js): powers of 1024, one decimal below 100, "12.3 GB". */
    static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        String shown = value >= 100 ? Long.toString(Math.round(value))
                : java.math.BigDecimal.valueOf(Math.round(value * 10) / 10.0).stripTrailingZeros().toPlainString();
        return shown + " " + units[unit];
    }
}
