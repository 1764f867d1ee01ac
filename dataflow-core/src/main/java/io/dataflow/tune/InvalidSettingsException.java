package io.dataflow.tune;

import io.dataflow.config.ConfigException;
import java.util.List;

/** Settings the server would refuse; nothing was applied. Lists every problem, each with what is accepted. */
public final class InvalidSettingsException extends ConfigException {

    private final List<String> problems;

    public InvalidSettingsException(String where, List<String> problems) {
        super(where, "settings", (problems.size() == 1 ? "" : problems.size() + " settings refused, nothing was applied:\n  - ")
                + String.join("\n  - ", problems) + (problems.size() == 1 ? "; nothing was applied" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
