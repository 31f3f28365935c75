package org.parledger.api.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two names that look the same are the same name; a name never hides a character. */
class NamesTest {
    @Test
    void namesAreNfcNormalisedAndTrimmed() {
        String decomposed = "Nguye\u0302\u0303n Va\u0306n A"; // "Nguyễn Văn A" written with combining marks
        assertThat(Names.normalise("  " + decomposed + " ", 200, "name")).isEqualTo("Nguyễn Văn A");
    }

    @Test
    void invisibleAndControlCharactersAreRefused() {
        for (String bad : new String[]{"admin\u00A0", "ad\u200Bmin", "ad\u0000min", "ad\u202Emin", "ad\nmin",
                "ad\uD800min", "ad\uFFFEmin", "ad\u2028min", "ad\uE000min"}) {
            assertThatThrownBy(() -> Names.normalise(bad, 200, "subject")).as(bad.codePoints().toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        }
    }

    @Test
    void emptyAndOverlongNamesAreRefused() {
        assertThatThrownBy(() -> Names.normalise("   ", 10, "name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Names.normalise("x".repeat(11), 10, "name")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Names.normalise("Ê".repeat(10), 10, "name")).hasSize(10);
    }

    @Test
    void aPrincipalCarriesNormalisedNamesAndDefaultsItsNameToTheSubject() {
        Principal principal = new Principal(" nguyen.van.a ", null, null, Principal.BASIC, null);
        assertThat(principal.subject()).isEqualTo("nguyen.van.a");
        assertThat(principal.name()).isEqualTo("nguyen.van.a");
        assertThat(principal.grants()).isEmpty();
        assertThatThrownBy(() -> new Principal("a\u200Bb", null, null, Principal.BASIC, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
