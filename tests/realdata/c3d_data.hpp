// Where the real C3D files are: $STRIDECUE_DATA/c3d (data_dir(), tests/support/run_program.hpp),
// and a whole file parsed, for checks against what the readers give.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "files/c3d_file.hpp"
#include "support/run_program.hpp"
#include "support/value_or_error.hpp"

namespace stridecue::test {

inline std::filesystem::path c3d_path(const char* name) {
  const auto path = data_dir() / "c3d" / name;
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  return path;
}

// The file at `path` parsed whole; a file that does not parse fails the test with the error.
inline C3dFile parse_c3d_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>()};
  std::string error;
  auto file = value_or_error(parse_c3d(bytes, path.string()), &error);
  INFO(error);
  REQUIRE(file);
  return std::move(*file);
}

}  // namespace stridecue::test
