package com.acme.hub.security;

import com.acme.hub.platform.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * {@code hub.security.bootstrap-api-key}: the first admin key, there before the API takes its first request. The
 * setting is the key's only source, so a start-up without it revokes a bootstrap key an earlier start left behind.
 */
@Component
class BootstrapApiKey implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapApiKey.class);

    private final ApiKeys keys;
    private final String secret;

    BootstrapApiKey(ApiKeys keys, HubProperties properties) {
        this.keys = keys;
        this.secret = properties.security().bootstrapApiKey();
    }

    @Override
    public void afterPropertiesSet() {
        if (secret != null && !secret.isBlank()) {
            keys.bootstrap(secret.strip());
            LOG.info("Admin API key '{}' set from hub.security.bootstrap-api-key", ApiKeys.BOOTSTRAP);
        } else if (keys.revokeBootstrap()) {
            LOG.info("Admin API key '{}' revoked: hub.security.bootstrap-api-key is not set", ApiKeys.BOOTSTRAP);
        }
    }
}
