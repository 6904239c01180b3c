// The control API's one credential: "Authorization: Bearer <token>" against the configured one.
#pragma once

#include <string_view>

namespace stridecue {

// True when no token is configured, or the header carries exactly it. Compares in time that
// depends on neither where the first wrong character is nor the token's length.
bool bearer_token_accepted(std::string_view authorization_header, std::string_view token);

// `given` equals `expected` (never when `expected` is empty), in time that depends only on
// `given`'s length: for tokens, cookies and CSRF values.
bool same_secret(std::string_view given, std::string_view expected);

// True for 127.0.0.0/8, ::1 and "localhost": where a listener needs no token.
bool is_loopback_address(std::string_view address);

}  // namespace stridecue
