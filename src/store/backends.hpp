// Private to the store: constructors of the two backends.
#pragma once

#include <memory>
#include <string_view>

#include "store/connection.hpp"

namespace trellis::store {

Result<std::unique_ptr<Connection>> open_sqlite(std::string_view path);
Result<std::unique_ptr<Connection>> open_postgres(std::string_view url);

// Sets SQLite up for this process before its first use (each SQLite opener
// calls it).
void configure_sqlite();

// While on (a LogCheckpointer runs), SQLite connections opened in this
// process do not checkpoint when they commit, and keep a small page cache.
void leave_checkpoints_to_background(bool on);

}  // namespace trellis::store
