#include "files/file_source.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <system_error>

namespace stridecue {

std::unique_ptr<SampleSource> cannot_open(const std::filesystem::path& path) {
  std::error_code error;
  const std::string reason = std::filesystem::is_directory(path, error)
                                 ? std::string("is a directory")
                                 : std::generic_category().message(errno);
  return std::make_unique<FailedSource>(fmt::format("{}: cannot open: {}", path.string(), reason));
}

}  // namespace stridecue
