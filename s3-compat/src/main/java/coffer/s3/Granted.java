package coffer.s3;

import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;

/**
 * The resources a request was authorized to act on, before dispatch ({@link RequestAuthorizer}): the addressed
 * bucket, and for object-scoped operations (GetObject, HeadObject, object ACLs) the object. Null where the
 * operation's {@link coffer.s3.RequiredAccess} checks nothing.
 */
record Granted(Bucket bucket, ObjectRecord object) {
    static final Granted NOTHING = new Granted(null, null);
}
