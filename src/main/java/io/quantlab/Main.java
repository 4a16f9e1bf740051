package io.quantlab;

import java.nio.file.Path;

/** {@code quantlab serve}: the whole server in one process. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromEnvironment();
        Path migrations = Path.of(System.getProperty("quantlab.migrations", "migrations"));
        App app = App.start(config, migrations);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "quantlab-shutdown"));
        app.firstStart().ifPresent(c -> {
            System.out.println();
            System.out.println("  First start: an instructor account was created.");
            System.out.println("    email:    " + c.email());
            System.out.println("    password: " + (c.generated() ? c.password() + "   (shown once; change it or keep it safe)"
                    : "as set in QUANTLAB_ADMIN_PASSWORD"));
            System.out.println("    course join code for students: " + c.joinCode());
            System.out.println();
        });
        System.out.println("QuantLab is running at http://localhost:" + app.port() + "/  (home: " + config.home() + ")");
    }
}
