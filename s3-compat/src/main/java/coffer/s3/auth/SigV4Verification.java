package coffer.s3.auth;


/**
 * A request whose SigV4 signature verified: who signed it, the payload hash it signed, and what an aws-chunked
 * body needs to continue the signature chain. Holds the signing key: {@link #toString()} hides it.
 */
record SigV4Verification(Credential credential, PayloadHash payload, byte[] signingKey, String amzDate,
                         String scope, String signature) {

    ChunkSigner chunkSigner() {
        return new ChunkSigner(signingKey, amzDate, scope, signature);
    }

    @Override
    public String toString() {
        return "SigV4Verification[credential=" + credential + ", scope=" + scope + "]";
    }
}
