package io.dataflow.dashboard;

/** One page of the dashboard: reads the typed core and writes escaped HTML. */
public interface Page {

    /** The path it answers, e.g. "/queries". */
    String path();

    /** Its name in the navigation. */
    String title();

    /** Writes the page's content (the layout is added around it). */
    void render(Context ctx, Html out);

    /** Whether the navigation lists it (a statement's page is reached from the Queries page). */
    default boolean nav() {
        return true;
    }
}
