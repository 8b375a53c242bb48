package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AWS's rules for general-purpose bucket names (us-east-1 applies the strict ones today). Stateless. Public for the
 * web console (coffer.gateway.console), which creates buckets by the same rules.
 */
public final class BucketNames {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private BucketNames() {
    }

    public static boolean isValid(String name) {
        return name != null && SHAPE.matcher(name).matches() && !name.contains("..") && !name.contains(".-")
                && !name.contains("-.") && !IP_ADDRESS.matcher(name).matches() && !name.startsWith("xn--")
                && !name.startsWith("sthree-") && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3");
    }

    public static void requireValid(String name) {
        if (!isValid(name)) {
            throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME, S3ErrorCode.INVALID_BUCKET_NAME.defaultMessage(),
                    Map.of("BucketName", name == null ? "" : name), null);
        }
    }
}
