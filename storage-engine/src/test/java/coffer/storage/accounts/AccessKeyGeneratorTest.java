package coffer.storage.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessKeyGeneratorTest {
    private final AccessKeyGenerator generator = new AccessKeyGenerator(new SecureRandom());

    @Test
    void idsAndSecretsHaveTheirShapesAndDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String id = generator.newAccessKeyId();
            String secret = generator.newSecretKey();
            assertTrue(id.matches("CF[A-Z0-9]{18}"), id);
            assertEquals(40, secret.length());
            assertTrue(secret.matches("[A-Za-z0-9+/]{40}"));
            ids.add(id);
            secrets.add(secret);
        }
        assertEquals(500, ids.size());
        assertEquals(500, secrets.size());
    }
}
