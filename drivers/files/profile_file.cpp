#include "files/profile_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace stridecue {

ParseResult<std::string> read_profile_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file.is_open()) return ParseError{fmt::format("{}: cannot open", path.string())};
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace stridecue
