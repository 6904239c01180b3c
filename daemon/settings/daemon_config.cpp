#include "settings/daemon_config.hpp"

namespace stridecue {

std::string_view to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::simulator: return "simulator";
    case SourceKind::file: return "file";
  }
  return "simulator";
}

std::optional<SourceKind> source_kind_from_string(std::string_view s) {
  if (s == "simulator") return SourceKind::simulator;
  if (s == "file") return SourceKind::file;
  return std::nullopt;
}

}  // namespace stridecue
