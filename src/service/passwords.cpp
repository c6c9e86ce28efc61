#include "service/passwords.hpp"

#include <fmt/format.h>
#include <pwquality.h>
#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace trellis::service {
namespace {

void ensure_sodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not start");
}

struct Limits {
    unsigned long long ops;
    std::size_t memory;
};

Limits limits(PasswordCost cost)
{
    return cost == PasswordCost::Minimum
               ? Limits{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}
               : Limits{crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

}  // namespace

PasswordCost password_cost()
{
    const char* chosen = std::getenv("TRELLIS_PASSWORD_COST");
    return chosen && std::string_view(chosen) == "minimum" ? PasswordCost::Minimum : PasswordCost::Interactive;
}

Result<std::string> hash_password(std::string_view password, PasswordCost cost)
{
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    auto [ops, memory] = limits(cost);
    if (crypto_pwhash_str(out, password.data(), password.size(), ops, memory) != 0)
        return std::unexpected(Error::unavailable("Not enough memory to hash the password; try again."));
    return std::string(out);
}

bool password_needs_rehash(const std::string& hash, PasswordCost cost)
{
    ensure_sodium();
    auto [ops, memory] = limits(cost);
    return crypto_pwhash_str_needs_rehash(hash.c_str(), ops, memory) != 0;
}

bool verify_password(const std::string& hash, std::string_view password)
{
    ensure_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

namespace {

std::string to_base64url(const std::vector<unsigned char>& raw)
{
    std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

}  // namespace

std::string random_token(std::size_t bytes)
{
    ensure_sodium();
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    return to_base64url(raw);
}

std::string token_hash(std::string_view token)
{
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool constant_time_equal(std::string_view a, std::string_view b)
{
    ensure_sodium();
    return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string mask_token(std::string_view token)
{
    ensure_sodium();
    std::vector<unsigned char> masked(token.size() * 2);
    randombytes_buf(masked.data(), token.size());
    for (std::size_t i = 0; i < token.size(); ++i)
        masked[token.size() + i] = masked[i] ^ static_cast<unsigned char>(token[i]);
    return to_base64url(masked);
}

std::size_t masked_size(std::size_t token_size)
{
    // The encoded length counts the terminating NUL.
    return sodium_base64_ENCODED_LEN(2 * token_size, sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1;
}

bool token_matches(std::string_view sent, std::string_view token)
{
    ensure_sodium();
    if (constant_time_equal(sent, token)) return true;
    if (token.empty() || sent.size() > 4 * token.size()) return false;
    std::vector<unsigned char> raw(sent.size());
    std::size_t length = 0;
    if (sodium_base642bin(raw.data(), raw.size(), sent.data(), sent.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        length != token.size() * 2)
        return false;
    std::string unmasked(token.size(), '\0');
    for (std::size_t i = 0; i < token.size(); ++i) unmasked[i] = static_cast<char>(raw[i] ^ raw[token.size() + i]);
    return constant_time_equal(unmasked, token);
}

std::optional<Error> check_password_strength(std::string_view password, std::string_view email)
{
    if (auto e = check_password(password)) return e;
    // libpwquality: cracklib's dictionary, palindromes, repeats, and a score.
    pwquality_settings_t* settings = pwquality_default_settings();
    if (!settings) return Error::unavailable("The password checker could not start.");
    pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, static_cast<int>(kMinPasswordLength));
    std::string pw(password);
    std::string user(email.substr(0, email.find('@')));
    void* aux = nullptr;
    int score = pwquality_check(settings, pw.c_str(), nullptr, user.c_str(), &aux);
    pwquality_free_settings(settings);
    if (score < 0 || score < kMinPasswordScore)
        return Error::invalid(
            "This password is too common or too easy to guess. Try a phrase of three or four unrelated words.",
            "password");
    return std::nullopt;
}

std::string generate_password()
{
    ensure_sodium();
    static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";  // no i, l, o, 0, 1
    constexpr std::uint32_t kSize = sizeof(kAlphabet) - 1;
    for (;;) {
        std::string out;
        for (int i = 0; i < 20; ++i) {
            if (i > 0 && i % 4 == 0) out.push_back('-');
            out.push_back(kAlphabet[randombytes_uniform(kSize)]);
        }
        if (!check_password_strength(out, "")) return out;
    }
}

Result<std::string> from_base64(std::string_view text, const char* field)
{
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
        if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                              " \r\n\t", &length, &end, variant) == 0 &&
            end == text.data() + text.size()) {
            out.resize(length);
            return out;
        }
    }
    return std::unexpected(Error::invalid(fmt::format("\"{}\" must be the file's bytes in base64.", field), field));
}

}  // namespace trellis::service
