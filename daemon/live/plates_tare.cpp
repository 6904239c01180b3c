#include "live/plates_tare.hpp"

#include <fmt/format.h>

#include "events/api_events.hpp"
#include "live/dispatcher.hpp"
#include "source/plate_tare.hpp"

namespace stridecue {

ApiReply PlatesTare::request() {
  if (plates_ == nullptr) return no_plates_to_tare();
  plates_->request_tare();
  return {202, {{"tare", "collecting"}}};
}

void PlatesTare::record_result(Dispatcher& dispatcher, std::mutex& state_mutex) {
  if (plates_ == nullptr) return;
  const TareReport report = plates_->tare_report();
  if (report.completed == reported_) return;
  reported_ = report.completed;
  fmt::print(stderr, "stridecued: plates tare {}: {}\n", to_string(report.state), report.message);
  std::lock_guard lock(state_mutex);
  dispatcher.record_event(
      dispatcher.totals().session_s, std::string(api_event::plates_tare),
      {{"state", to_string(report.state)}, {"message", report.message}, {"zero_v", report.zero_v}});
}

}  // namespace stridecue
