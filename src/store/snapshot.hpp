// Whole-database copies of a SQLite file through SQLite's online backup: a
// consistent snapshot taken while other connections read and write, held in
// memory (so no unencrypted copy touches the disk), and copied back over a
// live database in one step.
#pragma once

#include <string>

#include "domain/error.hpp"

namespace trellis::store {

// The database at `path` as one consistent image, even while the server writes.
Result<std::string> sqlite_snapshot(const std::string& path);

// The image's schema version, after SQLite's integrity check passes (Invalid
// when it is not a sound Trellis database).
Result<int> sqlite_image_version(const std::string& image);

// Replaces the content of the database at `path` with the image; other
// connections see the old content or the new, never a mixture.
Result<void> sqlite_restore(const std::string& image, const std::string& path);

}  // namespace trellis::store
