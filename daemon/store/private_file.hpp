// Files that hold a runner's data are for the daemon's user alone: the session store and the
// files `stridecue export` writes are created 0600 (owner read/write; the umask may only take
// away). 0600 rather than 0640: the systemd unit runs the daemon as a DynamicUser whose group
// is its own, so a group bit would give nobody access but would let any later group
// membership read health data by accident; an administrator who wants to share a store
// changes its mode, and the daemon keeps what it finds.
#pragma once

#include <filesystem>
#include <fstream>

namespace stridecue {

// Creates `path` empty with mode 0600 when it does not exist; an existing file is left as it
// is. For SQLite, which creates its database 0644 and its -wal and -shm files with the mode of
// the database. Paths that are not files (":memory:", "", "file:" URIs) are left to SQLite.
void create_private_file_if_absent(const std::string& path);

// Creates `path` with mode 0600, or changes an existing file to 0600, before a writer opens it
// (truncating keeps the mode): what it held and what it will hold are never readable by others.
void make_private_file(const std::filesystem::path& path);

// make_private_file, then opens it for writing, truncated.
std::ofstream open_private_for_writing(const std::filesystem::path& path);

}  // namespace stridecue
