package io.dataflow.crud;

import java.util.List;
import java.util.Map;

/**
 * One page of rows.
 *
 * @param rows  the rows, each a map in table column order
 * @param count the number of rows in this page (not the number of rows matching the filter: counting
 *              every match would cost a second scan on each page)
 */
public record ListResult(List<Map<String, Object>> rows, int count) {

    public ListResult {
        rows = List.copyOf(rows);
    }
}
