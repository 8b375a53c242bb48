package coffer.it.scaleout;

import coffer.it.support.SharedMariaDb;
import coffer.storage.internal.crypto.Hkdf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's key material as byte patterns to look for in files: the cluster key file (raw, hex, Base64), and
 * every master key version of the catalog's keyring, wrapped (as the catalog holds it) and unwrapped with the
 * key file the way docs/storage-format.md ("Cluster keyring") specifies, so a leak of the master keys themselves
 * would be found. Stateless.
 */
final class KeyMaterial {
    private static final byte[] SALT = "coffer cluster key v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAP_LABEL = "coffer/cluster-master-key-wrap/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD_PURPOSE = "coffer/cluster-master-key/v1\0".getBytes(StandardCharsets.US_ASCII);

    private KeyMaterial() {
    }

    /** Named patterns: the key file's bytes and encodings, and each master key version, wrapped and not. */
    static Map<String, byte[]> of(Path keyFile, String catalogUrl) throws Exception {
        byte[] kek = Files.readAllBytes(keyFile);
        Map<String, byte[]> patterns = new LinkedHashMap<>();
        patterns.put("cluster key", kek);
        patterns.put("cluster key (hex)", HexFormat.of().formatHex(kek).getBytes(StandardCharsets.US_ASCII));
        patterns.put("cluster key (Base64)", Base64.getEncoder().encode(kek));
        SecretKeySpec wrapKey = new SecretKeySpec(Hkdf.derive(kek, SALT, WRAP_LABEL, 32), "AES");
        try (Connection c = SharedMariaDb.adminConnection(catalogUrl);
             PreparedStatement ps = c.prepareStatement("SELECT version, wrapped_key FROM master_key");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int version = rs.getInt(1);
                byte[] wrapped = rs.getBytes(2);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, wrapKey, new GCMParameterSpec(128, wrapped, 0, 12));
                cipher.updateAAD(ByteBuffer.allocate(AAD_PURPOSE.length + 4).put(AAD_PURPOSE).putInt(version)
                        .array());
                patterns.put("master key v" + version, cipher.doFinal(wrapped, 12, wrapped.length - 12));
                patterns.put("wrapped master key v" + version, wrapped);
            }
        }
        if (patterns.size() < 5) {
            throw new AssertionError("the catalog's keyring lists no master key");
        }
        return patterns;
    }
}
