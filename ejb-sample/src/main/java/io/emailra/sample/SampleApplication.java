package io.emailra.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Serves the REST endpoints under {@code /api}. */
@ApplicationPath("api")
public class SampleApplication extends Application {
}
