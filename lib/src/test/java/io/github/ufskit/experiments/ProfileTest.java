package io.github.ufskit.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void namesParseIgnoringCase() {
        assertEquals(Profile.SMOKE, Profile.parse("smoke"));
        assertEquals(Profile.CPU, Profile.parse(" CPU "));
        assertEquals(Profile.PAPER, Profile.parse("Paper"));
    }

    @Test
    void unknownNameListsKnownProfiles() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Profile.parse("gpu"));
        assertTrue(error.getMessage().contains("'gpu'"), error.getMessage());
        assertTrue(error.getMessage().contains("smoke, cpu, paper"), error.getMessage());
    }

    @Test
    void systemPropertyOverridesDefault() {
        String previous = System.getProperty("ufskit.profile");
        try {
            System.setProperty("ufskit.profile", "smoke");
            assertEquals(Profile.SMOKE, Profile.current());
        } finally {
            if (previous == null) {
                System.clearProperty("ufskit.profile");
            } else {
                System.setProperty("ufskit.profile", previous);
            }
        }
    }

    @Test
    void labelIsLowerCase() {
        assertEquals("cpu", Profile.CPU.label());
    }
}
