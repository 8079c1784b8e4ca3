package com.acme.hub.platform.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Safe hot reload of route files, wherever Camel's route watcher is on ({@code camel.main.routes-reload-*}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "true")
class RouteReloadConfiguration {

    @Bean("routeFiles")
    RouteFilesHealth routeFilesHealth() {
        return new RouteFilesHealth();
    }

    @Bean
    SafeRouteReload safeRouteReload(CamelContext camel, Environment environment, RouteFilesHealth health) {
        return new SafeRouteReload(camel, environment::getProperty, health);
    }

    /**
     * Camel creates its watcher itself; the watcher's documented hook is its listener, which it only defaults when
     * none is set before it starts.
     */
    @Bean
    CamelContextConfiguration safeRouteReloadOnCamelsWatcher(SafeRouteReload reload) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                RouteWatcherReloadStrategy watcher = camel.hasService(RouteWatcherReloadStrategy.class);
                if (watcher != null) {
                    watcher.setResourceReload(reload);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                reload.rememberLoadedFiles();
            }
        };
    }
}
