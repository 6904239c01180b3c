#include "store/session_summary_json.hpp"

namespace stridecue {

nlohmann::ordered_json session_summary_json(const SessionSummary& s) {
  using Json = nlohmann::ordered_json;
  return Json{{"id", s.id},
              {"runner", s.runner_id},
              {"session_number", s.session_number},
              {"started_utc", s.started_utc},
              {"ended_utc", s.ended_utc ? Json(*s.ended_utc) : Json(nullptr)},
              {"duration_s", s.duration_s ? Json(*s.duration_s) : Json(nullptr)},
              {"strides", s.strides},
              {"cues", s.cues},
              {"blocks", s.blocks}};
}

}  // namespace stridecue
