package coffer.s3.policy;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The IAM action names of Amazon S3 that a bucket policy may name (AWS's "Actions defined by Amazon S3", the
 * bucket and object ones), each numbered once so that a compiled statement holds its actions as a bit set and a
 * request is matched with one bit test. Names compare case-insensitively, as IAM compares them. The S3 layer maps
 * each operation to one of these names (coffer.s3.PolicyActions); adding an operation there may need a name here.
 */
public final class Actions {
    /** Every name, as AWS spells it. */
    public static final List<String> NAMES = List.of(
            "s3:AbortMultipartUpload", "s3:BypassGovernanceRetention", "s3:CreateBucket", "s3:DeleteBucket",
            "s3:DeleteBucketOwnershipControls", "s3:DeleteBucketPolicy", "s3:DeleteBucketWebsite", "s3:DeleteObject",
            "s3:DeleteObjectTagging", "s3:DeleteObjectVersion", "s3:DeleteObjectVersionTagging",
            "s3:GetAccelerateConfiguration", "s3:GetAnalyticsConfiguration", "s3:GetBucketAcl", "s3:GetBucketCORS",
            "s3:GetBucketLocation", "s3:GetBucketLogging", "s3:GetBucketNotification",
            "s3:GetBucketObjectLockConfiguration", "s3:GetBucketOwnershipControls", "s3:GetBucketPolicy",
            "s3:GetBucketPolicyStatus", "s3:GetBucketPublicAccessBlock", "s3:GetBucketRequestPayment",
            "s3:GetBucketTagging", "s3:GetBucketVersioning", "s3:GetBucketWebsite", "s3:GetEncryptionConfiguration",
            "s3:GetIntelligentTieringConfiguration", "s3:GetInventoryConfiguration", "s3:GetLifecycleConfiguration",
            "s3:GetMetricsConfiguration", "s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectAttributes",
            "s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObjectTagging", "s3:GetObjectTorrent",
            "s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionAttributes",
            "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging", "s3:GetObjectVersionTorrent",
            "s3:GetReplicationConfiguration", "s3:ListAllMyBuckets", "s3:ListBucket", "s3:ListBucketMultipartUploads",
            "s3:ListBucketVersions", "s3:ListMultipartUploadParts", "s3:ObjectOwnerOverrideToBucketOwner",
            "s3:PutAccelerateConfiguration", "s3:PutAnalyticsConfiguration", "s3:PutBucketAcl", "s3:PutBucketCORS",
            "s3:PutBucketLogging", "s3:PutBucketNotification", "s3:PutBucketObjectLockConfiguration",
            "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock",
            "s3:PutBucketRequestPayment", "s3:PutBucketTagging", "s3:PutBucketVersioning", "s3:PutBucketWebsite",
            "s3:PutEncryptionConfiguration", "s3:PutIntelligentTieringConfiguration", "s3:PutInventoryConfiguration",
            "s3:PutLifecycleConfiguration", "s3:PutMetricsConfiguration", "s3:PutObject", "s3:PutObjectAcl",
            "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionAcl",
            "s3:PutObjectVersionTagging", "s3:PutReplicationConfiguration", "s3:ReplicateDelete",
            "s3:ReplicateObject", "s3:ReplicateTags", "s3:RestoreObject");

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < NAMES.size(); i++) {
            INDEX.put(NAMES.get(i).toLowerCase(Locale.ROOT), i);
        }
    }

    private Actions() {
    }

    /** The number of action {@code name} (any case), or -1 if S3 has no such action. */
    public static int index(String name) {
        Integer i = INDEX.get(name.toLowerCase(Locale.ROOT));
        return i == null ? -1 : i;
    }

    /** The actions {@code pattern} names ({@code *}, {@code s3:*}, {@code s3:Get*}, an exact name). */
    static BitSet matching(String pattern) throws MalformedPolicyException {
        String lower = pattern.toLowerCase(Locale.ROOT);
        BitSet set = new BitSet(NAMES.size());
        if (lower.equals("*")) {
            set.set(0, NAMES.size());
            return set;
        }
        if (!lower.startsWith("s3:")) {
            throw new MalformedPolicyException("Policy has invalid action: " + pattern);
        }
        Glob glob = new Glob(lower);
        for (int i = 0; i < NAMES.size(); i++) {
            if (glob.matches(NAMES.get(i).toLowerCase(Locale.ROOT))) {
                set.set(i);
            }
        }
        if (set.isEmpty()) {
            throw new MalformedPolicyException("Policy has invalid action: " + pattern);
        }
        return set;
    }
}
