package org.parledger.app;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The test server's connections send through a 64 KB socket buffer rather than the one the kernel sizes itself (on
 * loopback it starts at megabytes): an answer of a few hundred kilobytes to a client that reads nothing then waits on
 * its first write, as it does over a real network, which SlowReadersTest counts on.
 */
@TestConfiguration(proxyBeanMethods = false)
class SmallSendBuffers {
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffers() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("socket.txBufSize", "65536"));
    }
}
