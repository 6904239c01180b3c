#include "source/sample_source.hpp"

namespace stridecue {

std::string_view to_string(SourceStatus status) {
  switch (status) {
    case SourceStatus::block: return "block";
    case SourceStatus::end: return "end";
    case SourceStatus::failed: return "failed";
  }
  return "failed";
}

}  // namespace stridecue
