// Reads a C3D file's bytes for the parser, which wants it whole (its parameters point anywhere):
// a file that is not a C3D file is refused from its first 512 bytes, never read whole, and one
// larger than a C3D file of ours could be (kMaxC3dBytes) or than memory allows is refused with
// its size, instead of taking the machine's memory first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include "source/parse_result.hpp"

namespace stridecue {

// 2 GiB: two and a half hours of our own export at 2 kHz (14 channels), far beyond a lab trial.
inline constexpr std::uintmax_t kMaxC3dBytes = std::uintmax_t{2} << 30;

// The whole file, or what was wrong: "<path>: cannot open: ...", the parser's own
// "not a C3D file: ..." for a wrong header, or the size that is too large.
ParseResult<std::vector<std::uint8_t>> read_c3d_bytes(const std::filesystem::path& path,
                                                      std::uintmax_t max_bytes = kMaxC3dBytes);

}  // namespace stridecue
