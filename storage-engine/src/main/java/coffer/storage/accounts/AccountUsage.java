package coffer.storage.accounts;

/**
 * An account's usage counters as recorded: committed plaintext bytes, bytes reserved by uploads in flight, and
 * the number of objects.
 */
public record AccountUsage(long usedBytes, long reservedBytes, long objectCount) {
}
