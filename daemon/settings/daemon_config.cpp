#include "settings/daemon_config.hpp"

namespace stridecue {

std::string_view to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::simulator: return "simulator";
    case SourceKind::file: return "file";
    case SourceKind::usb: return "usb";
    case SourceKind::serial: return "serial";
    case SourceKind::delsys: return "delsys";
  }
  return "simulator";
}

std::optional<SourceKind> source_kind_from_string(std::string_view s) {
  for (SourceKind k : {SourceKind::simulator, SourceKind::file, SourceKind::usb, SourceKind::serial,
                       SourceKind::delsys}) {
    if (s == to_string(k)) return k;
  }
  return std::nullopt;
}

std::string_view to_string(SecondSource s) {
  return s == SecondSource::delsys ? "delsys" : "none";
}

std::optional<SecondSource> second_source_from_string(std::string_view s) {
  if (s == "none") return SecondSource::none;
  if (s == "delsys") return SecondSource::delsys;
  return std::nullopt;
}

}  // namespace stridecue
