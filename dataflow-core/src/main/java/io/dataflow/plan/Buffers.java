package io.dataflow.plan;

/**
 * Buffer counts of a plan node, in 8 kB blocks, including its children (as EXPLAIN reports them).
 *
 * @param sharedHit     found in shared buffers
 * @param sharedRead    read from the OS/disk
 * @param sharedDirtied dirtied
 * @param sharedWritten written out
 * @param tempRead      temporary-file blocks read (spills)
 * @param tempWritten   temporary-file blocks written
 */
public record Buffers(long sharedHit, long sharedRead, long sharedDirtied, long sharedWritten, long tempRead, long tempWritten) {

    public static final Buffers NONE = new Buffers(0, 0, 0, 0, 0, 0);

    public Buffers minus(Buffers other) {
        return new Buffers(Math.max(0, sharedHit - other.sharedHit), Math.max(0, sharedRead - other.sharedRead),
                Math.max(0, sharedDirtied - other.sharedDirtied), Math.max(0, sharedWritten - other.sharedWritten),
                Math.max(0, tempRead - other.tempRead), Math.max(0, tempWritten - other.tempWritten));
    }

    public Buffers plus(Buffers other) {
        return new Buffers(sharedHit + other.sharedHit, sharedRead + other.sharedRead, sharedDirtied + other.sharedDirtied,
                sharedWritten + other.sharedWritten, tempRead + other.tempRead, tempWritten + other.tempWritten);
    }
}
