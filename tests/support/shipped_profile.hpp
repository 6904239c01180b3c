// A column profile shipped in config/profiles, loaded as analyze loads it; the test fails, with
// the loader's error, if it does not load.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "files/column_profile.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

namespace stridecue::test {

inline ColumnProfile shipped_column_profile(const std::string& file_name) {
  std::string error;
  auto profile = value_or_error(
      load_column_profile(std::string(source_dir()) + "/config/profiles/" + file_name), &error);
  INFO(error);
  REQUIRE(profile.has_value());
  return std::move(*profile);
}

}  // namespace stridecue::test
