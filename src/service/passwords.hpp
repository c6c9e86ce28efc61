// Password hashing (argon2id through libsodium) and generated sign-in secrets.
// Hashing takes tens of milliseconds by design: never call it on an I/O thread.
#pragma once

#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace trellis::service {

Result<std::string> hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

// 20 random characters in groups of four from an alphabet without look-alikes
// (about 100 bits): "k7qm-x3vd-...".
std::string generate_password();

}  // namespace trellis::service
