#include "api/console_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "api/api_error.hpp"

namespace stridecue {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
}};

std::optional<std::string_view> type_of(std::string_view name) {
  for (const auto& [ext, type] : kTypes)
    if (name.size() > ext.size() && name.ends_with(ext)) return type;
  return std::nullopt;
}

bool plain_name(std::string_view name) {
  return !name.empty() && name.front() != '.' && std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace

std::string default_console_dir() {
  if (const char* env = std::getenv("STRIDECUE_CONSOLE_DIR"); env && *env) return env;
  // A build run from its tree serves the tree's files, so an edit shows on reload.
  if (std::filesystem::is_directory(STRIDECUE_SOURCE_CONSOLE_DIR))
    return STRIDECUE_SOURCE_CONSOLE_DIR;
  return STRIDECUE_INSTALLED_CONSOLE_DIR;
}

std::optional<std::string> console_file_name(std::string_view target) {
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  if (path == "/" || path == "/index.html") return std::string("index.html");
  if (!path.starts_with('/')) return std::nullopt;
  path.remove_prefix(1);
  if (!plain_name(path) || !type_of(path)) return std::nullopt;
  return std::string(path);
}

ConsoleFile read_console_file(const std::string& dir, const std::string& name) {
  const std::filesystem::path file = std::filesystem::path(dir) / name;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    ConsoleFile missing;
    missing.status = 404;
    missing.content_type = "application/json";
    missing.bytes = json_text(api_error(404, "the console has no " + name + " (looked in " + dir +
                                                 "; STRIDECUE_CONSOLE_DIR names another folder)")
                                  .body);
    return missing;
  }
  ConsoleFile out;
  out.content_type = std::string(*type_of(name));
  out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return out;
}

}  // namespace stridecue
