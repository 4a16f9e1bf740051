package io.quantlab.web;

import io.quantlab.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class against one real server (temp H2 file, random port) shared by its tests. */
abstract class ServerTest {
    static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
