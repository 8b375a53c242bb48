package coffer.storage;

/**
 * What the builders of whole-object writes ({@link PutObject}, {@link CopyObject}) add to {@link WriteBuilder}: the
 * object's metadata and the condition the current row must meet ({@link WriteCondition#NONE} until set otherwise).
 */
public abstract class ObjectWriteBuilder<B extends ObjectWriteBuilder<B>> extends WriteBuilder<B> {
    protected ObjectMetadata metadata;
    protected WriteCondition condition = WriteCondition.NONE;

    protected ObjectWriteBuilder(Bucket bucket, String key, ObjectMetadata metadata) {
        super(bucket, key);
        this.metadata = metadata;
    }

    public B metadata(ObjectMetadata metadata) {
        this.metadata = metadata;
        return self();
    }

    public B condition(WriteCondition condition) {
        this.condition = condition;
        return self();
    }
}
