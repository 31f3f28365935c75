package org.parledger.app.operations;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.MapPropertySource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A run from the command line that ends by itself ({@code --parledger.verify}, {@code --parledger.replay.run}) is a
 * task, not a server, whatever the settings it is given say: run with the application's own (SERVER_PORT=8080 among
 * them) beside the running application, it failed to bind the port and exited 1. It takes a free port on the loopback
 * address, loads no sample data and signs no checkpoint on a timer.
 */
public final class CommandLineRuns {
    private static final Map<String, Object> AS_A_TASK = Map.of("server.port", "0", "server.address", "127.0.0.1",
            "parledger.sample-data.enabled", "false", "parledger.integrity.checkpoint-every", "0s");

    private CommandLineRuns() {
    }

    /** Whether the command line, the environment or a system property asks for the setting. */
    public static boolean asked(String[] args, String property) {
        String environment = property.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_");
        return Arrays.stream(args).anyMatch(arg -> arg.startsWith("--" + property + "="))
                || System.getenv(environment) != null || System.getProperty(property) != null;
    }

    /** Puts the task's settings above every other source, the command line and the environment too. */
    public static ApplicationListener<ApplicationEnvironmentPreparedEvent> asATask(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(AS_A_TASK);
        settings.putAll(more);
        return prepared -> prepared.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("parledger-command-line-task", settings));
    }
}
