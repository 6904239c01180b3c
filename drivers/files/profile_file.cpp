#include "files/profile_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace stridecue {

std::optional<std::string> read_profile_file(const std::filesystem::path& path,
                                             std::string* error) {
  std::ifstream file(path, std::ios::binary);
  if (!file.is_open()) {
    if (error != nullptr) *error = fmt::format("{}: cannot open", path.string());
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace stridecue
