// Password hashing (argon2id through libsodium) and generated sign-in secrets.
// Hashing takes tens of milliseconds by design: never call it on an I/O thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include "domain/error.hpp"
#include "domain/user.hpp"

namespace trellis::service {

// The cost new password hashes are made at. Interactive is libsodium's
// interactive limit (about 75 ms and 64 MiB a hash). Minimum exists for test
// suites, which sign in thousands of times: TRELLIS_PASSWORD_COST=minimum
// chooses it, and the server warns at start that it is on. Each hash carries
// its own cost, so a hash made at either verifies under both, and a sign-in
// under the interactive cost replaces a cheaper hash with a full one (never
// the other way round).
enum class PasswordCost { Interactive, Minimum };
PasswordCost password_cost();

Result<std::string> hash_password(std::string_view password, PasswordCost cost = password_cost());
bool verify_password(const std::string& hash, std::string_view password);
// Whether `hash` was made at another cost than `cost` (and so is made again
// at the next successful sign-in).
bool password_needs_rehash(const std::string& hash, PasswordCost cost = password_cost());

// libpwquality's score (0-100) below which a password counts as too easy.
inline constexpr int kMinPasswordScore = 30;

// The length rule, then common and easily guessed passwords (cracklib's
// dictionary, palindromes, the email name) refused with a message saying why.
std::optional<Error> check_password_strength(std::string_view password, std::string_view email);

// `bytes` random bytes as URL-safe base64 (session ids, CSRF and API tokens).
std::string random_token(std::size_t bytes = 32);
// SHA-256 of a token, hex: what is stored in place of the token itself.
std::string token_hash(std::string_view token);

// Standard base64 (padding and line breaks allowed) to bytes, for files sent
// inside a JSON body; Invalid naming `field` when it is not base64.
Result<std::string> from_base64(std::string_view text, const char* field);
bool constant_time_equal(std::string_view a, std::string_view b);

// A CSRF token as a page carries it: a fresh random pad and the token XORed
// with it, URL-safe base64, drawn afresh for every response. A compressed page
// then holds no secret repeated across responses for a BREACH attack to guess
// byte by byte (the forms of one page may share one masking: a guess can only
// be tested against many responses, and each has its own).
std::string mask_token(std::string_view token);
// How long a masking of a token of this length is.
std::size_t masked_size(std::size_t token_size);
// Whether `sent` is `token`, as it is or masked.
bool token_matches(std::string_view sent, std::string_view token);

// 20 random characters in groups of four from an alphabet without look-alikes
// (about 100 bits): "k7qm-x3vd-...".
std::string generate_password();

}  // namespace trellis::service
