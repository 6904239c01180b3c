// Files that hold a runner's data are for the daemon's user alone: the session store and the
// files `stridecue export` writes are created 0600 (owner read/write; the umask may only take
// away). 0600 rather than 0640: the systemd unit runs the daemon as a DynamicUser whose group
// is its own, so a group bit would give nobody access but would let any later group
// membership read health data by accident. A clinic whose staff read the store names their
// group (`store.group`): the store's files are then 0640 and of that group (docs/daemon.md).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <fstream>
#include <string>

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

// The id of the group `name` (`store.group`). Throws std::invalid_argument naming it when the
// system has no such group.
gid_t group_id(const std::string& name);

// As create_private_file_if_absent, but mode 0640 and group `group`: for a store shared with a
// group. An existing file is left as it is (share_store_files changes it).
void create_group_file_if_absent(const std::string& path, gid_t group);

// Gives the store's files that exist (the database, its -wal and -shm) group `group` and mode
// 0640. SQLite creates -wal and -shm with the database's mode but the process's own group
// (unless the directory is setgid: 2750), and a reader in WAL mode needs both. Throws
// std::runtime_error naming the file and the group when the owner may not give it that group
// (the daemon's user is not in it).
void share_store_files(const std::string& path, gid_t group);

}  // namespace stridecue
