// What a live device reports of its link's health: named counters (bad frames, bytes skipped,
// frames the device sent and we lost, blocks dropped, reconnects), for GET /api/v1/status. An
// optional capability beside SampleSource: a source with nothing to report does not implement
// it, and health_of() gives nothing for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/sample_source.hpp"

namespace stridecue {

struct HealthCounter {
  std::string name;
  std::uint64_t value = 0;
};

class SourceHealth {
 public:
  virtual ~SourceHealth() = default;
  // Callable from any thread while the source runs.
  virtual std::vector<HealthCounter> health() const = 0;
};

inline std::vector<HealthCounter> health_of(const SampleSource& source) {
  const auto* h = dynamic_cast<const SourceHealth*>(&source);
  return h != nullptr ? h->health() : std::vector<HealthCounter>{};
}

}  // namespace stridecue
