package coffer.storage.accounts.legacy;

import coffer.storage.StoreException;
import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.CreatedAccount;
import coffer.storage.accounts.NewAccount;
import coffer.storage.accounts.Plan;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Restores the accounts of a legacy export (see {@link LegacyExport}):
 * <ol>
 *   <li>the file is decoded as strict UTF-8 and parsed whole before anything changes;</li>
 *   <li>each valid row whose legacy id is not in the catalog yet becomes an active {@code premium} account named
 *       {@code legacy-<legacy id>}, remembering its legacy id and closing date, with a fresh access key (one
 *       transaction per account);</li>
 *   <li>rows whose legacy id is already restored are left alone (a second run changes nothing); rows whose account
 *       name is taken by an unrelated account are reported as bad;</li>
 *   <li>the run is recorded in the audit table: actor, time, file name and SHA-256, counts.</li>
 * </ol>
 * Idempotent by legacy id, also when two runs race (the legacy id is unique in the catalog). Thread-safe.
 */
public final class LegacyRestore {
    private final Accounts accounts;
    private final LegacyExport export;

    public LegacyRestore(Accounts accounts, LegacyExport export) {
        this.accounts = accounts;
        this.export = export;
    }

    /** IllegalArgumentException when the file is not UTF-8 or has no valid header: nothing is restored then. */
    public RestoreReport restore(byte[] file, String sourceName, String actor) throws IOException {
        String sha256 = HexFormat.of().formatHex(sha256(file));
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the file is not valid UTF-8", e);
        }
        LegacyExport.Parsed parsed = export.parse(new StringReader(text));
        List<RestoredAccount> restored = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>(parsed.bad());
        for (LegacyRow row : parsed.valid()) {
            if (accounts.findByLegacyId(row.legacyId()).isPresent()) {
                unchanged.add(row.legacyId());
                continue;
            }
            try {
                CreatedAccount created = accounts.create(new NewAccount(row.accountName(), row.displayName(),
                        row.email(), Plan.PREMIUM, null, row.legacyId(), row.closedAt()));
                restored.add(new RestoredAccount(row.line(), row.legacyId(), row.accountName(), row.email(),
                        created.key().accessKeyId(), created.key().secretKey()));
            } catch (StoreException e) {
                if (e.reason() != Reason.ACCOUNT_ALREADY_EXISTS) {
                    throw e;
                }
                if (accounts.findByLegacyId(row.legacyId()).isPresent()) {
                    unchanged.add(row.legacyId()); // a concurrent run restored it first
                } else {
                    bad.add(new BadRow(row.line(), row.legacyId(),
                            "account name " + row.accountName() + " is taken by another account"));
                }
            }
        }
        bad.sort((a, b) -> Integer.compare(a.line(), b.line()));
        RestoreReport report = new RestoreReport(sha256, parsed.rows(), restored, unchanged, bad);
        accounts.audit(actor, "restore", sourceName, "sha256=" + sha256 + " rows=" + report.rows() + " restored="
                + restored.size() + " unchanged=" + unchanged.size() + " bad=" + bad.size());
        return report;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
