// docs/config.md keeps the key reference generated from the settings table, word for word.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "settings/settings_report.hpp"
#include "settings/settings_table.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("docs/config.md lists every key, as the table says", "[settings][docs]") {
  const std::string doc = read_text(std::string(test::source_dir()) + "/docs/config.md");
  for (const auto& s : settings_table()) {
    INFO(s.key);
    CHECK(doc.find("| `" + std::string(s.key) + "` |") != std::string::npos);
  }
  const auto begin = doc.find(kKeysBeginMarker);
  const auto end = doc.find(kKeysEndMarker);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const auto from = begin + std::string(kKeysBeginMarker).size() + 1;  // past the newline
  INFO("regenerate with: stridecue config keys --markdown");
  CHECK(doc.substr(from, end - from) == settings_markdown());
}

TEST_CASE("the key reference has one row per key", "[settings][docs]") {
  const std::string md = settings_markdown();
  std::size_t rows = 0;
  for (std::size_t at = md.find("\n| `"); at != std::string::npos; at = md.find("\n| `", at + 1))
    ++rows;
  CHECK(rows == settings_table().size());
  CHECK(md.find("| `contact.contact_threshold_n` | 1 … 2000 N | `50.0` | live |") !=
        std::string::npos);
  CHECK(md.find("| `api.port` | 0 … 65535 (integer) | `7878` | fixed |") != std::string::npos);
}

TEST_CASE("config check says ok with a summary, or gives the error", "[settings][config]") {
  const ConfigCheck ok =
      check_config_file(std::string(test::source_dir()) + "/config/stridecue.toml");
  CHECK(ok.ok);
  CHECK(ok.text.find("/config/stridecue.toml: ok\nrunner runner; source simulator") !=
        std::string::npos);
  const ConfigCheck missing = check_config_file("/nonexistent.toml");
  CHECK_FALSE(missing.ok);
  CHECK(missing.text == "/nonexistent.toml: no such file\n");
}

TEST_CASE("config check names a directory as a directory, not a missing file",
          "[settings][config]") {
  const std::string dir = std::string(test::source_dir()) + "/config";
  const ConfigCheck check = check_config_file(dir);
  CHECK_FALSE(check.ok);
  CHECK(check.text == dir + ": is a directory, not a config file\n");
  const ConfigCheck device = check_config_file("/dev/null");
  CHECK_FALSE(device.ok);
  CHECK(device.text == "/dev/null: not a regular file\n");
}
