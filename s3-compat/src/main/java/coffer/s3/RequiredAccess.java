package coffer.s3;


/**
 * What a caller must hold on the addressed resource before an operation runs; S3Service checks it once, before
 * dispatch, and hands the handler the bucket (and object) it authorized.
 *
 * @param scope      what is checked
 * @param permission the ACL permission wanted on the bucket or object; null for {@link Scope#NONE} and
 *                   {@link Scope#BUCKET_OWNER} (which a bucket policy may still allow to others)
 */
record RequiredAccess(Scope scope, Permission permission) {
    /** What is checked. */
    public enum Scope {
        /**
         * Nothing addressed to check before the handler: the service (ListBuckets), a bucket yet to be created, a
         * CORS preflight, a POST upload (whose signer is known only once its form's policy is verified, by its
         * handler) and operations that are not implemented.
         */
        NONE,
        /** The bucket, for its owner alone (configuration, DeleteBucket, multipart uploads, tagging). */
        BUCKET_OWNER,
        /** The bucket: its owner, or whom its ACL grants {@link #permission}. */
        BUCKET,
        /** The object (of the current version): either owner, or whom the object's ACL grants {@link #permission}. */
        OBJECT,
        /**
         * The bucket's existence only; the handler decides key by key as for {@link #BUCKET} (DeleteObjects: a
         * policy may allow or deny some of its keys).
         */
        EACH_KEY
    }

    public static final RequiredAccess NONE = new RequiredAccess(Scope.NONE, null);
    public static final RequiredAccess BUCKET_OWNER = new RequiredAccess(Scope.BUCKET_OWNER, null);

    public static RequiredAccess bucket(Permission permission) {
        return new RequiredAccess(Scope.BUCKET, permission);
    }

    public static RequiredAccess eachKey(Permission permission) {
        return new RequiredAccess(Scope.EACH_KEY, permission);
    }

    public static RequiredAccess object(Permission permission) {
        return new RequiredAccess(Scope.OBJECT, permission);
    }
}
