// A small comma-separated table of numbers under a header of (optionally quoted) names, as R's
// write.csv gives it: for real-data tests that read reference files (event times, an EMG
// table) without a reader of their own. Fails the test (REQUIRE) on anything malformed.
#pragma once

#include <catch2/catch.hpp>
#include <charconv>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace stridecue::test {

struct NumericCsv {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;

  std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return i;
    return std::nullopt;
  }
  const std::vector<double>& column(std::string_view name) const {
    const auto i = find(name);
    INFO("column " << std::string(name));
    REQUIRE(i);
    return columns[*i];
  }
};

inline std::vector<std::string_view> split_commas(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> fields;
  for (;;) {
    const auto comma = line.find(',');
    fields.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) return fields;
    line.remove_prefix(comma + 1);
  }
}

inline NumericCsv read_numeric_csv(const std::filesystem::path& path) {
  INFO(path.string());
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  std::ifstream in(path);
  NumericCsv table;
  std::string line;
  REQUIRE(std::getline(in, line));
  for (std::string_view name : split_commas(line)) {
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    table.names.emplace_back(name);
  }
  table.columns.resize(table.names.size());
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    const auto fields = split_commas(line);
    INFO("line " << number);
    REQUIRE(fields.size() == table.names.size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
      double value = 0.0;
      const auto [end, error] =
          std::from_chars(fields[i].data(), fields[i].data() + fields[i].size(), value);
      REQUIRE(error == std::errc{});
      REQUIRE(end == fields[i].data() + fields[i].size());
      table.columns[i].push_back(value);
    }
  }
  return table;
}

}  // namespace stridecue::test
