package org.parledger.app.security;

import org.springframework.security.authentication.BadCredentialsException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic's username and password, as sent after "Basic ". */
record BasicCredentials(String username, String password) {
    /** BadCredentialsException when the value is not the Base64 of username:password. */
    static BasicCredentials decode(String value) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadCredentialsException("Basic credentials are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) throw new BadCredentialsException("Basic credentials are username:password");
        return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
