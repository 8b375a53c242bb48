package coffer.s3.policy;

/**
 * An IAM wildcard pattern: {@code *} matches any run of characters ({@code /} included), {@code ?} exactly one;
 * everything else matches itself, case-sensitively. Matching is linear in practice (greedy with one backtrack
 * point, the classic algorithm) and never allocates. Immutable.
 */
record Glob(String pattern) {
    boolean hasWildcard() {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    boolean matches(String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        int plen = pattern.length();
        int tlen = text.length();
        while (t < tlen) {
            if (p < plen && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < plen && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < plen && pattern.charAt(p) == '*') {
            p++;
        }
        return p == plen;
    }
}
