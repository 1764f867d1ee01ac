package io.dataflow.rewrite;

/**
 * What {@link Rewriter#optimize} does.
 *
 * @param optimization which rewrites to try
 * @param verify       run both queries and compare (false: the rewrite is returned unverified)
 * @param supplied     a rewrite written by the user to check as well (the guide's {@code rewritten}), or null
 * @param verifyOptions timeout, runs, row limit
 */
public record RewriteOptions(Optimization optimization, boolean verify, String supplied, VerifyOptions verifyOptions) {

    public static RewriteOptions defaults() {
        return new RewriteOptions(Optimization.AUTO, true, null, VerifyOptions.defaults());
    }

    public RewriteOptions optimization(Optimization value) {
        return new RewriteOptions(value, verify, supplied, verifyOptions);
    }

    public RewriteOptions verify(boolean value) {
        return new RewriteOptions(optimization, value, supplied, verifyOptions);
    }

    public RewriteOptions supplied(String value) {
        return new RewriteOptions(optimization, verify, value, verifyOptions);
    }

    public RewriteOptions verifyOptions(VerifyOptions value) {
        return new RewriteOptions(optimization, verify, supplied, value);
    }

    /** The value of placeholder {@code :name}, used wherever the query runs (EXPLAIN, verification). */
    public RewriteOptions param(String name, Object value) {
        return verifyOptions(verifyOptions.param(name, value));
    }

    /** Every placeholder's value at once. */
    public RewriteOptions params(java.util.Map<String, ?> values) {
        return verifyOptions(verifyOptions.params(values));
    }

    /** The placeholders' values. */
    public java.util.Map<String, Object> params() {
        return verifyOptions.params();
    }
}
