package coffer.s3.acl;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Live accounts by id with their e-mail addresses, for tests of grantee resolution. */
record MapDirectory(Map<Long, String> emails) implements AccountDirectory {

    @Override
    public boolean isLive(long accountId) {
        return emails.containsKey(accountId);
    }

    @Override
    public List<Long> withEmail(String email) {
        return emails.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(email.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
