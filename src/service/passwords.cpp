#include "service/passwords.hpp"

#include <sodium.h>

#include <stdexcept>

namespace trellis::service {
namespace {

void ensure_sodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not start");
}

}  // namespace

Result<std::string> hash_password(std::string_view password)
{
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::unexpected(Error::unavailable("Not enough memory to hash the password; try again."));
    return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password)
{
    ensure_sodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_password()
{
    ensure_sodium();
    static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";  // no i, l, o, 0, 1
    constexpr std::uint32_t kSize = sizeof(kAlphabet) - 1;
    std::string out;
    for (int i = 0; i < 20; ++i) {
        if (i > 0 && i % 4 == 0) out.push_back('-');
        out.push_back(kAlphabet[randombytes_uniform(kSize)]);
    }
    return out;
}

}  // namespace trellis::service
