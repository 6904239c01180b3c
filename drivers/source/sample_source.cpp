#include "source/sample_source.hpp"

namespace stridecue {

std::string_view to_string(SourceStatus status) {
  switch (status) {
    case SourceStatus::block: return "block";
    case SourceStatus::end: return "end";
    case SourceStatus::failed: return "failed";
    case SourceStatus::waiting: return "waiting";
  }
  return "failed";
}

std::string_view to_string(SourceEvent::Kind kind) {
  switch (kind) {
    case SourceEvent::Kind::connected: return "connected";
    case SourceEvent::Kind::lost: return "lost";
    case SourceEvent::Kind::resumed: return "resumed";
  }
  return "lost";
}

}  // namespace stridecue
