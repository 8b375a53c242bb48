package coffer.s3;

import coffer.storage.Store;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.AccountState;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The accounts of the catalog, as grantee resolution sees them: deleted accounts are no grantees. Thread-safe. */
final class StoreAccountDirectory implements AccountDirectory {
    private final Store store;

    private StoreAccountDirectory(Store store) {
        this.store = store;
    }

    public static AccountDirectory of(Store store) {
        return new StoreAccountDirectory(store);
    }

    @Override
    public OptionalLong liveWithCanonicalId(String canonicalId) {
        return store.accounts().findByCanonicalId(canonicalId).filter(StoreAccountDirectory::live)
                .map(a -> OptionalLong.of(a.id())).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<String> canonicalId(long accountId) {
        return store.accounts().canonicalId(accountId);
    }

    @Override
    public List<Long> withEmail(String email) {
        return store.accounts().findByEmail(email).stream().filter(StoreAccountDirectory::live)
                .map(AccountInfo::id).toList();
    }

    private static boolean live(AccountInfo account) {
        return account.state() != AccountState.DELETED;
    }
}
