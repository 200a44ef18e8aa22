package io.meshgate.standalone;

import io.meshgate.api.ApiServer;
import java.io.PrintStream;
import java.nio.file.Path;

/** What {@code meshgate up} runs, in either mode: the admin API and what surrounds it, until closed. */
interface RunningStack extends AutoCloseable {
    /** The admin API. */
    ApiServer api();

    /** The API's bound port. */
    int apiPort();

    /** The CA file local clients (the console) trust for the API, or null when it is plain HTTP. */
    Path apiTrustFile();

    /** The startup banner. */
    void printBanner(PrintStream out);

    @Override
    void close();
}
