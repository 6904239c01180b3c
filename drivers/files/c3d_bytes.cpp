#include "files/c3d_bytes.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <fstream>
#include <new>
#include <system_error>

#include "files/c3d_file.hpp"

namespace stridecue {
namespace {

std::string human_size(std::uintmax_t bytes) {
  const auto b = static_cast<double>(bytes);
  if (bytes >= (std::uintmax_t{1} << 30)) return fmt::format("{:.1f} GiB", b / (1u << 30));
  if (bytes >= (std::uintmax_t{1} << 20)) return fmt::format("{:.1f} MiB", b / (1u << 20));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", b / 1024);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

ParseResult<std::vector<std::uint8_t>> read_c3d_bytes(const std::filesystem::path& path,
                                                      std::uintmax_t max_bytes) {
  const std::string name = path.string();
  auto fail = [](std::string message) { return ParseError{std::move(message)}; };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(name + ": cannot open: is a directory");
  std::ifstream file(path, std::ios::binary);
  if (!file.is_open()) {
    return fail(fmt::format("{}: cannot open: {}", name, std::generic_category().message(errno)));
  }
  // The header block says whether this is a C3D file at all: the parser judges it alone.
  std::vector<std::uint8_t> head(512);
  file.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(file.gcount()));
  if (file.bad()) return fail(name + ": read error");
  if (head.size() < 2 || head[1] != 0x50) {
    const auto header = parse_c3d(head, name);
    return fail(header.ok() ? name + ": not a C3D file" : header.error());
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return fail(fmt::format("{}: cannot read its size: {}", name, ec.message()));
  if (size > max_bytes) {
    return fail(fmt::format("{}: {}; a C3D file is read whole, and this reader takes at most {}",
                            name, human_size(size), human_size(max_bytes)));
  }
  try {
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    std::copy(head.begin(), head.end(), bytes.begin());
    file.read(reinterpret_cast<char*>(bytes.data() + head.size()),
              static_cast<std::streamsize>(size - head.size()));
    bytes.resize(head.size() + static_cast<std::size_t>(file.gcount()));
    if (file.bad()) return fail(name + ": read error");
    return bytes;
  } catch (const std::bad_alloc&) {
    return fail(fmt::format("{}: not enough memory to read its {} bytes", name, size));
  }
}

}  // namespace stridecue
