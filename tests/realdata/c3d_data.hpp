// Where the real C3D files are: $STRIDECUE_DATA/c3d (data_dir(), tests/support/run_program.hpp).
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/run_program.hpp"

namespace stridecue::test {

inline std::filesystem::path c3d_path(const char* name) {
  const auto path = data_dir() / "c3d" / name;
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  return path;
}

}  // namespace stridecue::test
