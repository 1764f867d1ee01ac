package io.dataflow.mview;

import java.util.List;

/**
 * What running a view node did.
 *
 * @param name      the view
 * @param action    created, replaced (new query swapped in), or refreshed (same query: re-run is a refresh)
 * @param uniqueKey the columns of the unique index (what REFRESH CONCURRENTLY and the upsert merge key on)
 * @param indexes   the indexes' names
 * @param rows      rows in the view now
 * @param job       the scheduled refresh job's name, or null
 * @param notes     what a reader should know (e.g. how updates and deletes are handled)
 */
public record ViewResult(String name, String action, List<String> uniqueKey, List<String> indexes, long rows, String job, List<String> notes) {
}
