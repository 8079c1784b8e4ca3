package com.acme.hub.adapter.esign;

import com.acme.hub.platform.HubProperties;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * The e-signature provider's OAuth2 client-credentials token, through Spring Security's OAuth2 client: fetched on
 * first use and reused until shortly before it expires.
 */
class EsignTokens {

    private static final String REGISTRATION = "esign";

    private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

    EsignTokens(HubProperties.Adapter settings, String tokenUrl) {
        if (isBlank(tokenUrl) || isBlank(settings.clientId()) || isBlank(settings.clientSecret())) {
            throw new IllegalStateException(
                    "hub.adapters.esign.token-url, .client-id and .client-secret must be set (HUB_ADAPTERS_ESIGN_*)");
        }
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION)
                .tokenUri(tokenUrl)
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .build();
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
                registrations, new InMemoryOAuth2AuthorizedClientService(registrations));
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials()
                .build());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    String accessToken() {
        OAuth2AuthorizedClient client = manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
                .principal("integration-hub")
                .build());
        if (client == null) {
            throw new IllegalStateException("the e-signature provider issued no token");
        }
        return client.getAccessToken().getTokenValue();
    }
}
