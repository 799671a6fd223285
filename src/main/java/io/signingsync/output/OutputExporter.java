package io.signingsync.output;

import java.io.IOException;
import java.util.Map;

/** Makes the outputs available to later CI steps, the way one CI system expects. */
public interface OutputExporter {

    /** Exports every value; the map's order is the order they are written in. */
    void export(Map<OutputName, String> outputs) throws IOException;

    /** Names the destination for the log, for example "envman" or the dotenv file's path. */
    String destination();
}
