package coffer.s3;

import coffer.s3.policy.BucketPolicy;
import coffer.s3.policy.MalformedPolicyException;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bucket's policy (compiled) and its Block Public Access settings, as every authorization reads them. The texts
 * come from the engine's document cache ({@code BucketSettings.cachedDocument}: no catalog round trip while fresh);
 * a policy is compiled once per text and kept here with it, so a request never parses JSON: it compares the text
 * it got with the one compiled (the same string object while the engine's cache holds it) and reuses the
 * compiled form. Thread-safe.
 */
final class BucketProtections {
    static final String POLICY_DOCUMENT = "policy";
    private static final Logger LOG = LoggerFactory.getLogger(BucketProtections.class);
    private static final int MAX_ENTRIES = 10_000;

    /**
     * What protects one bucket. {@code broken}: its stored policy no longer compiles (it did when it was put; only a
     * change of this code could do that): everyone but the owner is refused until the owner puts or deletes it.
     */
    record Protection(BucketPolicy policy, PublicAccessBlock block, boolean broken) {
        static final Protection NONE = new Protection(BucketPolicy.NONE, PublicAccessBlock.NONE, false);
    }

    private record Entry(String policyText, String blockText, Protection protection) {
    }

    private final ObjectStorage store;
    private final AccountDirectory accounts;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    BucketProtections(ObjectStorage store, AccountDirectory accounts) {
        this.store = store;
        this.accounts = accounts;
    }

    Protection of(Bucket bucket) {
        String policyText = store.bucketSettings().cachedDocument(bucket, POLICY_DOCUMENT).orElse(null);
        String blockText = store.bucketSettings().cachedDocument(bucket, PublicAccessBlock.DOCUMENT).orElse(null);
        if (policyText == null && blockText == null) {
            return Protection.NONE;
        }
        Entry entry = entries.get(bucket.id());
        if (entry != null && Objects.equals(entry.policyText, policyText) && Objects.equals(entry.blockText, blockText)) {
            return entry.protection;
        }
        Protection protection = compile(bucket, policyText, blockText);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(bucket.id(), new Entry(policyText, blockText, protection));
        return protection;
    }

    /** Compiles {@code text} as bucket {@code bucket}'s policy. */
    BucketPolicy compile(String text, String bucket) throws MalformedPolicyException {
        return BucketPolicy.parse(text, bucket, accounts::liveWithCanonicalId);
    }

    private Protection compile(Bucket bucket, String policyText, String blockText) {
        PublicAccessBlock block = blockText == null ? PublicAccessBlock.NONE : PublicAccessBlock.decode(blockText);
        if (policyText == null) {
            return new Protection(BucketPolicy.NONE, block, false);
        }
        try {
            return new Protection(compile(policyText, bucket.name()), block, false);
        } catch (MalformedPolicyException e) {
            LOG.warn("The stored policy of bucket {} does not compile ({}); only its owner is let in",
                    bucket.name(), e.getMessage());
            return new Protection(BucketPolicy.NONE, block, true);
        }
    }
}
