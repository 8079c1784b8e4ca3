package com.acme.hub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiMaskerTest {

    @Test
    void emailAddressesKeepOnlyTheirDomain() {
        assertThat(PiiMasker.mask("signer ada.lovelace+orders@example.co.uk signed"))
                .isEqualTo("signer ***@example.co.uk signed");
    }

    @Test
    void internationalAndBracketedPhoneNumbersKeepTheirLastTwoDigits() {
        assertThat(PiiMasker.mask("call +44 20 7946 0958 or 0049 (0)30 1234567 or (030) 123-4567"))
                .isEqualTo("call ***58 or ***67 or ***67");
    }

    @Test
    void cardNumbersKeepTheirLastFourDigitsWhenTheLuhnCheckSaysTheyAreCards() {
        assertThat(PiiMasker.mask("card 4111 1111 1111 1111, 5500-0000-0000-0004"))
                .isEqualTo("card ************1111, ************0004");
    }

    @Test
    void ibansAreMaskedWhenTheirChecksumHolds() {
        assertThat(PiiMasker.mask("pay to DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432"))
                .isEqualTo("pay to DE****************3000 or GB****************5432");
    }

    @Test
    void idsTimestampsAndAmountsStayReadable() {
        String line = "Dead letter 6f1c2a40-1b9e-4b8e-9d7a-3c2b1a0f9e8d for SO-1001 evt_01J9Z3 at"
                + " 2026-01-01T10:00:00+01:00 offset 1767225600001 amount 120.00 partition 3 HTTP 503"
                + " DE00 1234 5678 9012 3456 78";
        assertThat(PiiMasker.mask(line)).isEqualTo(line);
    }
}
